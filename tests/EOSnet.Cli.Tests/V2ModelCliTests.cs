using System.Globalization;
using EOSnet.Model;
using EOSnet.MLNet;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Cli.Tests;

/// <summary><c>--model v2</c>: train writes a v2 model.zip, predict reads the network from it; v1-only options are refused.</summary>
public class V2ModelCliTests
{
    private static string Fixture => TestFixtures.Path(TestFixtures.MaterialsProjectFileName);

    [Fact]
    public void Train_with_model_v2_writes_a_v2_zip_that_predict_scores_as_the_library_does()
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-v2-cli").FullName;
        var (code, output, err) = CliProcessTests.Run("train", Fixture, "--limit", "12", "--model", "v2", "--v2-size", "small", "--epochs", "2",
            "--batch-size", "4", "--threads", "1", "--device", "cpu", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        Assert.Contains("training EOSnet v2", output);
        string zip = Path.Combine(dir, "model.zip");

        var ml = new MLContext(1).RegisterEosNet();
        using var model = (TransformerChain<ITransformer>)ml.Model.Load(zip, out _);
        var predictor = Assert.IsType<EosNetPredictionTransformer>(model.LastTransformer);
        Assert.Equal(NetworkKind.V2, predictor.Network);
        Assert.Equal(2, predictor.Model.History.Count);
        var records = TestFixtures.MaterialsProject().Take(12).ToList();
        var expected = model.Transform(ml.Data.LoadFromCrystals(records)).GetColumn<float>(CrystalColumns.Score).ToArray();

        // Fine-tuning starts from the v2 model.zip.
        string tunedDir = Path.Combine(dir, "tuned");
        (code, output, err) = CliProcessTests.Run("train", Fixture, "--limit", "12", "--model", "v2", "--v2-size", "small", "--epochs", "1",
            "--batch-size", "4", "--threads", "1", "--device", "cpu", "--fine-tune", zip, "--out", tunedDir);
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        Assert.True(File.Exists(Path.Combine(tunedDir, "model.zip")));

        string csv = Path.Combine(dir, "pred.csv");
        (code, output, err) = CliProcessTests.Run("predict", "--model", zip, Fixture, "--out", csv);
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[1], p => p);
        Assert.Equal(TestFixtures.MaterialsProjectCount, rows.Count);
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal("ok", rows[records[i].Id][2]);
            Assert.Equal(expected[i], (float)double.Parse(rows[records[i].Id][4], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void A_v2_ensemble_trains_and_predicts_with_uncertainty()
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-v2-ensemble").FullName;
        var (code, output, err) = CliProcessTests.Run("train", Fixture, "--limit", "12", "--model", "v2", "--v2-size", "small", "--ensemble", "2", "--epochs", "1",
            "--batch-size", "4", "--threads", "1", "--device", "cpu", "--seed", "5", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        string csv = Path.Combine(dir, "pred.csv");
        (code, output, err) = CliProcessTests.Run("predict", "--model", Path.Combine(dir, "model.zip"), Fixture, "--out", csv);
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        Assert.Contains("ensemble of 2 models", output);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,id,status,reason,prediction,uncertainty", lines[0]);
        Assert.Contains(lines.Skip(1), l => double.Parse(l.Split(',')[5], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void V2_cutoff_sets_the_edges_and_the_network_radial_cutoff()
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-v2-cutoff").FullName;
        var (code, output, err) = CliProcessTests.Run("train", Fixture, "--limit", "8", "--model", "v2", "--v2-size", "small", "--v2-cutoff", "5", "--epochs", "1",
            "--batch-size", "4", "--threads", "1", "--device", "cpu", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        var ml = new MLContext(1).RegisterEosNet();
        using var model = (TransformerChain<ITransformer>)ml.Model.Load(Path.Combine(dir, "model.zip"), out _);
        var predictor = Assert.IsType<EosNetPredictionTransformer>(model.LastTransformer);
        Assert.Equal(5.0, predictor.Model.V2!.Config.RadialCutoff);
        // The saved featurizer builds 5 Å edges: the model scores the fixture (a cutoff mismatch would be an error).
        var scores = model.Transform(ml.Data.LoadFromCrystals(TestFixtures.MaterialsProject().Take(8).ToList())).GetColumn<float>(CrystalColumns.Score).ToArray();
        Assert.All(scores, x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void V2_training_caches_its_edges_and_a_second_run_reads_them_back_to_the_same_model()
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-v2-cache").FullName;
        string cache = Path.Combine(dir, "cache");
        string[] Train(string outDir) => ["train", Fixture, "--limit", "8", "--model", "v2", "--v2-size", "small", "--v2-cutoff", "5", "--epochs", "1",
            "--batch-size", "4", "--threads", "1", "--device", "cpu", "--seed", "7", "--cache-dir", cache, "--out", outDir];
        var (code, output, err) = CliProcessTests.Run(Train(Path.Combine(dir, "a")));
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        Assert.Contains("features cached in", output);
        var part = Assert.Single(Directory.GetFiles(cache));
        Assert.All(Featurization.FeatureCache.Read(part), s => Assert.Equal(5.0, s.Edges!.Cutoff));

        (code, output, err) = CliProcessTests.Run(Train(Path.Combine(dir, "b")));
        Assert.True(code == 0, $"exit {code}: {err}\n{output}");
        Assert.Contains("features read from the cache", output);
        var ml = new MLContext(1).RegisterEosNet();
        var data = ml.Data.LoadFromCrystals(TestFixtures.MaterialsProject().Take(8).ToList());
        float[] Scores(string run)
        {
            using var model = (TransformerChain<ITransformer>)ml.Model.Load(Path.Combine(dir, run, "model.zip"), out _);
            return model.Transform(data).GetColumn<float>(CrystalColumns.Score).ToArray();
        }
        Assert.Equal(Scores("a"), Scores("b"));
    }

    [Theory]
    [InlineData("--weight-decay", "0.01")]
    [InlineData("--atom-embedding", "32")]
    public void V1_only_options_are_refused_with_model_v2(string option, string value)
    {
        var (code, output, err) = CliProcessTests.Run("train", Fixture, "--limit", "4", "--model", "v2", option, value, "--out", Directory.CreateTempSubdirectory("eosnet-v2-refused").FullName);
        Assert.True(code == 2, $"exit {code}: {err}\n{output}");
        Assert.Contains(option, err + output);
    }

    [Fact]
    public void An_unknown_model_is_a_usage_error()
    {
        var (code, output, err) = CliProcessTests.Run("train", Fixture, "--limit", "4", "--model", "v3", "--out", Directory.CreateTempSubdirectory("eosnet-v3").FullName);
        Assert.Equal(2, code);
        Assert.Contains("--model 'v3'", err + output);
    }
}
