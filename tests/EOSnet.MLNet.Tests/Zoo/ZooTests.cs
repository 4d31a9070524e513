using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.Models;
using EOSnet.MLNet.Tests.Import;
using EOSnet.TestSupport;
using Microsoft.ML;

namespace EOSnet.MLNet.Tests.Zoo;

public class ZooTests
{
    [Fact]
    public void The_zoo_lists_the_17_published_models_under_distinct_documented_names()
    {
        Assert.Equal(17, EosNetModels.All.Count);
        Assert.Equal(17, EosNetModels.All.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(EosNetModels.All, e =>
        {
            Assert.Matches("^[a-z0-9-]+$", e.Name);
            Assert.False(string.IsNullOrWhiteSpace(e.Target));
            Assert.False(string.IsNullOrWhiteSpace(e.Units));
            Assert.False(string.IsNullOrWhiteSpace(e.DataSet));
            Assert.Matches("^(MAE|AUC) [0-9.]+$", e.ReportedMetric);
            Assert.Equal("MIT, Rutgers-ZRG/EosNet", e.Info.Licence);
        });
        Assert.Same(EosNetModels.Find(EosNetModelNames.Mp2024Eform), EosNetModels.Find("MP2024_Eform"));
        Assert.Equal(EosNetGraphEra.Current, EosNetModels.Find(EosNetModelNames.Mp2024Eform)!.Era);
        Assert.Equal(EosNetGraphEra.Paper, EosNetModels.Find(EosNetModelNames.MpAllBandClass)!.Era);
        var ex = Assert.Throws<ArgumentException>(() => EosNetModels.Load(new MLContext(1), "mp2099-eform"));
        Assert.Contains("mp2024-eform", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void The_package_build_carries_every_checkpoint_and_the_licence_notice()
    {
        Assert.All(EosNetModels.All, e => Assert.True(e.IsShipped, $"{e.Name} is not embedded"));
        var notice = EosNetModels.LicenceNotice;
        Assert.NotNull(notice);
        Assert.Contains("MIT", notice, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every entry loads with its own era and gives physical values where NaCl (ionic insulator: formation energy
    /// ≈ −2.1 eV/atom, PBE gap ≈ 5 eV, K ≈ 25 GPa, G ≈ 15 GPa) and fcc Cu (metal, element: formation energy 0,
    /// K ≈ 140 GPa, G ≈ 48 GPa) are in the model's domain. The perovskite, clathrate and MOF models are outside theirs
    /// for these two structures: only finite values are required of them.
    /// </summary>
    [SharedDataFact]
    public void Every_entry_loads_with_its_era_and_gives_physical_values_for_NaCl_and_Cu()
    {
        var ml = new MLContext(1);
        var crystals = PublishedCheckpoints.NaClAndCu();
        foreach (var entry in EosNetModels.All)
        {
            using var model = EosNetModels.Load(ml, entry.Name);
            var predictor = model.LastTransformer;
            Assert.Equal(entry.Info, predictor.Model.Info);
            Assert.Equal(entry.Era == EosNetGraphEra.Paper ? EdgeNormalization.L2 : EdgeNormalization.None, predictor.Model.Architecture.EdgeNormalization);
            Assert.Equal(entry.Era == EosNetGraphEra.Paper ? NeighborPadding.ZeroIndexFar : NeighborPadding.RepeatLast,
                model.OfType<CrystalGraphTransformer>().Single().Options.Padding);
            Assert.Equal(entry.Task, predictor.Task);
            var s = PublishedCheckpoints.Scores(ml, model, crystals);
            float nacl = s[0], cu = s[1];
            Assert.True(float.IsFinite(nacl) && float.IsFinite(cu), $"{entry.Name}: NaCl {nacl}, Cu {cu}");
            string what = $"{entry.Name}: NaCl {nacl}, Cu {cu}";
            switch (entry.Name)
            {
                case EosNetModelNames.Mp2018Eform or EosNetModelNames.Mp2019Eform or EosNetModelNames.Mp2024Eform or EosNetModelNames.MpEform or EosNetModelNames.MatglEform:
                    Assert.True(nacl is > -2.6f and < -1.4f, $"{what}: NaCl's formation energy should be about −2.1 eV/atom");
                    Assert.True(Math.Abs(cu) < 0.3f, $"{what}: an element's formation energy should be about 0");
                    break;
                case EosNetModelNames.Mp2018Bgap or EosNetModelNames.Mp2024Bgap:
                    Assert.True(nacl is > 3f and < 7f, $"{what}: NaCl's PBE gap is about 5 eV");
                    Assert.True(cu < 0.5f, $"{what}: Cu is a metal (no gap)");
                    break;
                case EosNetModelNames.MpNonmetalBgap or EosNetModelNames.QmofBgap:
                    Assert.True(nacl > 2f, $"{what}: NaCl is an insulator");
                    break;
                case EosNetModelNames.MpAllBandClass:
                    Assert.True(cu > 0, $"{what}: Cu must be class 1 (metal)");
                    Assert.True(nacl < 0, $"{what}: NaCl must be class 0 (non-metal)");
                    break;
                case EosNetModelNames.MatglK:
                    Assert.True(nacl is > 1.1f and < 1.7f, $"{what}: log10 K of NaCl ≈ 1.4");
                    Assert.True(cu is > 1.9f and < 2.4f, $"{what}: log10 K of Cu ≈ 2.15");
                    break;
                case EosNetModelNames.MatglG:
                    Assert.True(nacl is > 0.8f and < 1.5f, $"{what}: log10 G of NaCl ≈ 1.2");
                    Assert.True(cu is > 1.4f and < 1.9f, $"{what}: log10 G of Cu ≈ 1.7");
                    break;
            }
        }
    }
}
