using System.IO.Compression;
using System.Security.Cryptography;
using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.Model.Import;
using EOSnet.MLNet.Internal;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.Import;

public class CheckpointImportTests
{
    [SharedDataFact]
    public void Every_published_checkpoint_is_recognised_by_its_hash()
    {
        var files = Directory.GetFiles(PublishedCheckpoints.Folder, "*.model_best.pth.tar").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(17, files.Count);
        foreach (var file in files)
        {
            string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
            var info = PublishedEosNetCheckpoints.FindBySha256(sha);
            Assert.NotNull(info);
            Assert.Equal(Path.GetFileName(file)[..^".model_best.pth.tar".Length], info.Name);
        }
        Assert.Equal(17, PublishedEosNetCheckpoints.All.Select(m => m.Sha256).Distinct().Count());
    }

    [SharedDataFact]
    public void An_imported_model_saves_loads_and_keeps_its_era_and_metadata()
    {
        var ml = new MLContext(1);
        var model = ml.Model.ImportEosNetCheckpoint(PublishedCheckpoints.File("MP2018_Eform"));
        var crystals = PublishedCheckpoints.NaClAndCu();
        var before = PublishedCheckpoints.Scores(ml, model, crystals);

        var path = Path.Combine(Directory.CreateTempSubdirectory("eosnet-import-").FullName, "model.zip");
        ml.Model.Save(model, ml.Data.LoadFromCrystals(crystals).Schema, path);
        var fresh = new MLContext(2);
        var loaded = fresh.Model.LoadWithEosNet(path, out _);
        var after = PublishedCheckpoints.Scores(fresh, loaded, crystals);
        Assert.Equal(before, after);
        var engine = fresh.Model.CreatePredictionEngine<CrystalInput, ScoreRow>(loaded);
        Assert.Equal(before[0], engine.Predict(CrystalInput.From(crystals[0])).Score);
        Assert.True(before[0] < -1.5, $"NaCl formation energy {before[0]} eV/atom should be clearly negative (about −2)");

        var chain = Assert.IsType<TransformerChain<ITransformer>>(loaded);
        var predictor = chain.OfType<EosNetPredictionTransformer>().Single();
        var info = predictor.Model.Info;
        Assert.NotNull(info);
        Assert.Equal("MP2018_Eform", info.Name);
        Assert.Equal("formation energy", info.Target);
        Assert.Equal("eV/atom", info.Units);
        Assert.Equal(ModelTask.Regression, info.Task);
        Assert.Equal(EosNetGraphEra.Current, info.Era);
        Assert.Equal("MIT, Rutgers-ZRG/EosNet", info.Licence);
        Assert.Equal("MAE 0.0335", info.ReportedMetricText);
        Assert.Equal(EdgeNormalization.None, predictor.Model.Architecture.EdgeNormalization);
        Assert.Equal(NeighborPadding.RepeatLast, chain.OfType<CrystalGraphTransformer>().Single().Options.Padding);
    }

    [SharedDataFact]
    public void A_paper_era_checkpoint_gets_the_paper_graph()
    {
        var model = new MLContext(1).Model.ImportEosNetCheckpoint(PublishedCheckpoints.File("MP_ALL_Band_Class"));
        Assert.Equal(EdgeNormalization.L2, model.LastTransformer.Model.Architecture.EdgeNormalization);
        Assert.Equal(NeighborPadding.ZeroIndexFar, model.OfType<CrystalGraphTransformer>().Single().Options.Padding);
        Assert.Equal(ModelTask.BinaryClassification, model.LastTransformer.Task);
    }

    /// <summary>
    /// A model fed the other era's graph gives clearly wrong values without any error: MP2018_BGAP (paper era) on
    /// NaCl (PBE gap ≈ 5 eV) and MP2018_Eform (current era) on NaCl (formation energy ≈ −2.1 eV/atom).
    /// </summary>
    [SharedDataTheory]
    [InlineData("MP2018_BGAP", EosNetGraphEra.Current, 3.0, 7.0)]
    [InlineData("MP2018_Eform", EosNetGraphEra.Paper, -2.6, -1.4)]
    public void A_model_fed_the_other_eras_graph_gives_clearly_wrong_values(string name, EosNetGraphEra otherEra, double low, double high)
    {
        var ml = new MLContext(1);
        var path = PublishedCheckpoints.File(name);
        var right = ml.Model.ImportEosNetCheckpoint(path);
        var info = right.LastTransformer.Model.Info!;
        Assert.NotEqual(otherEra, info.Era);
        var wrong = CheckpointImportExtensions.Build(MlNetBridge.EnvironmentOf(ml.Model), PyTorchCheckpoint.Load(path),
            info with { Era = otherEra }, new EosNetCheckpointImportOptions());
        var crystals = PublishedCheckpoints.NaClAndCu();
        float naclRight = PublishedCheckpoints.Scores(ml, right, crystals)[0];
        float naclWrong = PublishedCheckpoints.Scores(ml, wrong, crystals)[0];
        Assert.InRange(naclRight, low, high);
        Assert.False(naclWrong >= low && naclWrong <= high, $"{name} with the {otherEra} graph gave NaCl {naclWrong}, inside the physical range");
        Assert.True(Math.Abs(naclWrong - naclRight) > 1, $"the wrong era gave {naclWrong}, the right one {naclRight}");
    }

    [SharedDataFact]
    public void An_unknown_checkpoint_needs_a_stated_era_and_a_known_one_refuses_a_wrong_one()
    {
        var ml = new MLContext(1);
        var copy = Path.Combine(Directory.CreateTempSubdirectory("eosnet-import-").FullName, "mine.pth.tar");
        Rezip(PublishedCheckpoints.File("MP_Eform"), copy); // same tensors, different bytes: not recognised
        var ex = Assert.Throws<EosNetImportException>(() => ml.Model.ImportEosNetCheckpoint(copy));
        Assert.Contains("not one of the 17 published", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EosNetGraphEra.Paper", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--era paper|current", ex.Message, StringComparison.Ordinal);

        var stated = ml.Model.ImportEosNetCheckpoint(copy, new EosNetCheckpointImportOptions { Era = EosNetGraphEra.Current, Target = "formation energy", Units = "eV/atom" });
        var info = stated.LastTransformer.Model.Info!;
        Assert.Equal("mine", info.Name);
        Assert.Equal("eV/atom", info.Units);
        Assert.Equal(EosNetGraphEra.Current, info.Era);
        var published = ml.Model.ImportEosNetCheckpoint(PublishedCheckpoints.File("MP_Eform"));
        var crystals = PublishedCheckpoints.NaClAndCu();
        Assert.Equal(PublishedCheckpoints.Scores(ml, published, crystals), PublishedCheckpoints.Scores(ml, stated, crystals));

        var refused = Assert.Throws<EosNetImportException>(() => ml.Model.ImportEosNetCheckpoint(PublishedCheckpoints.File("MP_Eform"),
            new EosNetCheckpointImportOptions { Era = EosNetGraphEra.Paper }));
        Assert.Contains("MP_Eform", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The score column for a prediction engine.</summary>
    public sealed class ScoreRow
    {
        /// <summary>Regression value.</summary>
        public float Score { get; set; }
    }

    private static void Rezip(string source, string destination)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = ZipFile.Open(destination, ZipArchiveMode.Create);
        foreach (var entry in input.Entries)
        {
            using var from = entry.Open();
            using var to = output.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open();
            from.CopyTo(to);
        }
    }
}
