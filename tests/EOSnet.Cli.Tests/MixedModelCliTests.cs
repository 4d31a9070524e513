using System.Globalization;
using EOSnet.Model;
using EOSnet.MLNet;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Cli.Tests;

/// <summary>
/// <c>--model v1+v2</c>: train writes one ensemble zip of --ensemble N members of each network (the v1-only options
/// shape the v1 members, --v2-size/--v2-cutoff the v2 ones) that predict scores with uncertainty; what a mixed run
/// cannot do is refused.
/// </summary>
public class MixedModelCliTests
{
    private static string Fixture => TestFixtures.Path(TestFixtures.MaterialsProjectFileName);

    [Fact]
    public void Train_with_model_v1_plus_v2_writes_a_mixed_ensemble_that_predict_scores()
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-mixed-cli").FullName;
        var (code, output, err) = CliProcessTests.Run("train", Fixture, "--limit", "24", "--model", "v1+v2", "--ensemble", "1", "--atom-embedding", "16",
            "--v2-size", "small", "--v2-cutoff", "5", "--epochs", "1", "--batch-size", "4", "--threads", "1", "--device", "cpu", "--seed", "5", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        Assert.Contains("training EOSnet v1+v2", output);
        Assert.Contains("ensemble of 1 v1 + 1 v2", output);
        string zip = Path.Combine(dir, "model.zip");

        var ml = new MLContext(1).RegisterEosNet();
        using var model = (TransformerChain<ITransformer>)ml.Model.Load(zip, out _);
        var ensemble = Assert.IsType<EosNetEnsembleTransformer>(model.LastTransformer);
        Assert.Equal(new[] { NetworkKind.V1, NetworkKind.V2 }, ensemble.Members.Select(m => m.Network));
        Assert.Equal(5.0, ensemble.Members[1].Model.V2!.Config.RadialCutoff);
        var records = TestFixtures.MaterialsProject().Take(24).ToList();
        var expected = model.Transform(ml.Data.LoadFromCrystals(records)).GetColumn<float>(CrystalColumns.Score).ToArray();

        string csv = Path.Combine(dir, "pred.csv");
        (code, output, err) = CliProcessTests.Run("predict", "--model", zip, Fixture, "--out", csv);
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        Assert.Contains("ensemble of 2 models", output);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,id,status,reason,prediction,uncertainty", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[1], p => p);
        for (int i = 0; i < records.Count; i++)
            Assert.Equal(expected[i], (float)double.Parse(rows[records[i].Id][4], CultureInfo.InvariantCulture));
        Assert.Contains(rows.Values, r => double.Parse(r[5], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void Cv_with_model_v1_plus_v2_trains_both_networks_per_fold()
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-mixed-cv").FullName;
        var (code, output, err) = CliProcessTests.Run("cv", Fixture, "--kfold", "2", "--fold-list", "0", "--model", "v1+v2", "--v2-size", "small", "--v2-cutoff", "4",
            "--epochs", "1", "--batch-size", "4", "--threads", "1", "--device", "cpu", "--seed", "5", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        Assert.Contains("fold 0: ensemble member 2/2 (seed 5)", output);
        Assert.Contains("members ", output);
        Assert.Contains("| EOSnet |", output);
    }

    [Theory]
    [InlineData("--resume")]
    [InlineData("--fine-tune")]
    public void What_a_mixed_run_cannot_do_is_refused(string option)
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-mixed-refused").FullName;
        string[] extra = option == "--fine-tune" ? [option, Fixture] : [option];
        var (code, output, err) = CliProcessTests.Run(["train", Fixture, "--limit", "4", "--model", "v1+v2", .. extra, "--out", dir]);
        Assert.True(code == 2, $"exit {code}: {err}\n{output}");
        Assert.Contains(option, err + output);
        Assert.Contains("v1+v2", err + output);
    }
}
