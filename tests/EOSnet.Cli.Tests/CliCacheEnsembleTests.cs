using System.Globalization;
using EOSnet.TestSupport;

namespace EOSnet.Cli.Tests;

/// <summary>featurize --shard → train from the cache with an ensemble → predict with uncertainty; cv; all through the real binary.</summary>
public class CliCacheEnsembleTests
{
    [SharedDataFact]
    public void Sharded_featurize_then_ensemble_train_and_predict_with_uncertainty()
    {
        string data = SharedData.Data("matbench_perovskites.json.gz");
        string cache = Directory.CreateTempSubdirectory("eosnet-shards").FullName;
        foreach (var shard in new[] { "0/2", "1/2" })
        {
            var (c, o, e) = CliProcessTests.Run("featurize", data, "--limit", "160", "--shard", shard, "--cache-dir", cache);
            Assert.True(c == 0, $"exit {c}: {e}");
            Assert.Contains("featurizing 80 structures ...", o); // plain progress lines when redirected
            Assert.Contains("  80/80 (", o);
            Assert.DoesNotContain('\u001b', o);
        }
        Assert.Equal(2, Directory.GetFiles(cache, "*.eosfeat").Length);

        string dir = Directory.CreateTempSubdirectory("eosnet-ensemble").FullName;
        var (code, output, err) = CliProcessTests.Run("train", data, "--limit", "160", "--fold", "0", "--epochs", "2", "--batch-size", "32",
            "--threads", "2", "--device", "cpu", "--ensemble", "2", "--seed", "7", "--cache-dir", cache, "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.Contains("features read from the cache (2 part file(s)", output);
        Assert.Contains("ensemble member 2/2 (seed 8)", output);
        Assert.DoesNotContain('\u001b', output);
        Assert.Empty(Directory.GetFiles(dir, "model.seed*.zip")); // one model.zip holds both members
        var test = File.ReadAllLines(Path.Combine(dir, "test_predictions.csv"));
        Assert.Equal("id,target,prediction,uncertainty", test[0]);

        string csv = Path.Combine(dir, "pred.csv");
        (code, output, err) = CliProcessTests.Run("predict", "--model", Path.Combine(dir, "model.zip"), SharedData.Golden("poscar"), "--out", csv);
        Assert.True(code == 0, $"exit {code}: {err}");
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,id,status,reason,prediction,uncertainty", lines[0]);
        var spreads = lines.Skip(1).Select(l => double.Parse(l.Split(',')[5], CultureInfo.InvariantCulture)).ToList();
        Assert.All(spreads, s => Assert.True(s >= 0 && double.IsFinite(s)));
        Assert.Contains(spreads, s => s > 0); // two seeds disagree somewhere
    }

    [SharedDataFact]
    public void Train_with_gom_sp_features_uses_its_own_cache_and_model_featurizer()
    {
        string data = SharedData.Data("matbench_perovskites.json.gz");
        string cache = Directory.CreateTempSubdirectory("eosnet-gomsp").FullName;
        var (c, o, e) = CliProcessTests.Run("featurize", data, "--limit", "40", "--cache-dir", cache);
        Assert.True(c == 0, $"exit {c}: {e}");
        (c, o, e) = CliProcessTests.Run("featurize", data, "--limit", "40", "--features", "gom-sp", "--cache-dir", cache);
        Assert.True(c == 0, $"exit {c}: {e}");
        Assert.Equal(2, Directory.GetFiles(cache, "*.eosfeat").Length); // GOM(s) and GOM(s+p) are different keys

        string dir = Directory.CreateTempSubdirectory("eosnet-gomsp-train").FullName;
        var (code, output, err) = CliProcessTests.Run("train", data, "--limit", "40", "--epochs", "1", "--batch-size", "16", "--threads", "1",
            "--device", "cpu", "--features", "gom-sp", "--cache-dir", cache, "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}"); // before the fix: 66 cached values read as 264 per atom
        Assert.Contains("features read from the cache", output);
        // The saved pipeline featurizes with the s+p GOM, so new structures get the 264 values the network reads.
        (code, output, err) = CliProcessTests.Run("predict", "--model", Path.Combine(dir, "model.zip"), SharedData.Golden("poscar"), "--out", Path.Combine(dir, "p.csv"));
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.True(File.ReadAllLines(Path.Combine(dir, "p.csv")).Length > 1);
    }

    [SharedDataFact]
    public void A_changed_input_is_featurized_again()
    {
        string cache = Directory.CreateTempSubdirectory("eosnet-inval").FullName;
        string folder = Directory.CreateTempSubdirectory("eosnet-cifs").FullName;
        foreach (var f in Directory.GetFiles(SharedData.Golden("poscar")).Take(4)) File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        var (code, output, err) = CliProcessTests.Run("featurize", folder, "--cache-dir", cache);
        Assert.True(code == 0, $"exit {code}: {err}");
        File.Copy(Directory.GetFiles(SharedData.Golden("poscar")).Skip(4).First(), Path.Combine(folder, "extra.vasp"));
        (code, output, err) = CliProcessTests.Run("featurize", folder, "--cache-dir", cache);
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.Equal(2, Directory.GetFiles(cache, "*.eosfeat").Length); // a new key, not the stale file
    }

    [SharedDataFact]
    public void Cv_writes_the_fold_table()
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-cv").FullName;
        var (code, output, err) = CliProcessTests.Run("cv", SharedData.Data("matbench_perovskites.json.gz"), "--limit", "200", "--fold-list", "0,1",
            "--epochs", "2", "--batch-size", "32", "--threads", "2", "--device", "cpu", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.Contains("| EOSnet |", output);
        Assert.DoesNotContain("FastTree", output);
        var csv = File.ReadAllLines(Path.Combine(dir, "comparison.csv"));
        Assert.True(csv.Length >= 2, string.Join("\n", csv));
        Assert.True(File.Exists(Path.Combine(dir, "eosnet.matbench.json")));
        Assert.Equal((800, 800), PngFile.Size(Path.Combine(dir, "eosnet_parity.png"))); // out-of-fold parity plot
    }
}
