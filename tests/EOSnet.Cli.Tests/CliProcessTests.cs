using System.Diagnostics;
using EOSnet.TestSupport;

namespace EOSnet.Cli.Tests;

/// <summary>Runs the real eosnet binary as a separate process, output redirected.</summary>
public class CliProcessTests
{
    /// <summary>A feature cache folder of this test run (never the user's).</summary>
    internal static readonly string CacheDir = Directory.CreateTempSubdirectory("eosnet-cache").FullName;

    internal static (int Code, string Out, string Err) Run(params string[] args) => RunBinary("eosnet.dll", args);

    /// <summary>Runs the repository's build (tools/EOSnet.Cli.Dev: the shipped verbs + bench and accuracy recording).</summary>
    internal static (int Code, string Out, string Err) RunDev(params string[] args) => RunBinary("eosnet-dev.dll", args);

    private static (int Code, string Out, string Err) RunBinary(string dll, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (SharedData.Root is not null) psi.Environment["EOSNET_DATA_DIR"] = Path.Combine(SharedData.Root, "data");
        psi.Environment["EOSNET_CACHE_DIR"] = CacheDir;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(600_000)) { p.Kill(true); throw new TimeoutException("eosnet did not finish in 10 minutes"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [SharedDataFact]
    public void Train_then_predict_a_folder_writes_model_plots_and_predictions_without_control_codes()
    {
        var dir = Directory.CreateTempSubdirectory("eosnet-cli").FullName;
        var (code, output, err) = Run("train", SharedData.Data("matbench_perovskites.json.gz"), "--limit", "300", "--fold", "0",
            "--epochs", "3", "--batch-size", "32", "--threads", "2", "--device", "cpu", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.DoesNotContain('\u001b', output); // no ANSI escape codes when redirected
        Assert.Contains("epoch 3 ", output);
        Assert.Contains("test MAE:", output);
        Assert.True(File.Exists(Path.Combine(dir, "model.zip")));
        Assert.Equal((900, 600), PngFile.Size(Path.Combine(dir, "learning_curve.png")));
        Assert.Equal((800, 800), PngFile.Size(Path.Combine(dir, "parity.png")));

        // Resume: the checkpoint written after epoch 3 continues with epoch 4 only.
        Assert.True(File.Exists(Path.Combine(dir, "checkpoint.ckpt")));
        (code, output, err) = Run("train", SharedData.Data("matbench_perovskites.json.gz"), "--limit", "300", "--fold", "0",
            "--epochs", "4", "--batch-size", "32", "--threads", "2", "--device", "cpu", "--out", dir, "--resume");
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.Contains("epoch 4 ", output);
        Assert.DoesNotContain("epoch 1 ", output);
        Assert.Contains("features read from the cache", output); // the first run cached the featurized structures

        // Resuming a run whose checkpoint already holds the last epoch (killed after it, e.g. while predicting) trains
        // nothing and still writes the model and the learning curve of the restored epochs.
        File.Delete(Path.Combine(dir, "learning_curve.png"));
        (code, output, err) = Run("train", SharedData.Data("matbench_perovskites.json.gz"), "--limit", "300", "--fold", "0",
            "--epochs", "4", "--batch-size", "32", "--threads", "2", "--device", "cpu", "--out", dir, "--resume");
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.DoesNotContain("epoch 4 ", output);
        Assert.Equal((900, 600), PngFile.Size(Path.Combine(dir, "learning_curve.png")));

        (code, output, err) = Run("evaluate", "--model", Path.Combine(dir, "model.zip"), SharedData.Data("matbench_perovskites.json.gz"), "--fold", "1", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.Contains("MAE: ", output);
        Assert.Equal((800, 800), PngFile.Size(Path.Combine(dir, "parity.png")));

        var csv = Path.Combine(dir, "pred.csv");
        (code, output, err) = Run("predict", "--model", Path.Combine(dir, "model.zip"), SharedData.Golden("poscar"), "--out", csv);
        Assert.True(code == 0, $"exit {code}: {err}");
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,id,status,reason,prediction", lines[0]);
        Assert.Equal(22, lines.Length); // 21 golden structures
        Assert.All(lines.Skip(1), l => Assert.True(l.Split(',')[2] == "ok" && double.TryParse(l.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v), l));
        Assert.Equal(Enumerable.Range(0, 21).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));

        // The model loaded in this process predicts exactly what the separate eosnet process wrote.
        var ml = new Microsoft.ML.MLContext(0);
        var loaded = EOSnet.MLNet.ModelOperationsExtensions.LoadWithEosNet(ml.Model, Path.Combine(dir, "model.zip"), out _);
        var records = new EOSnet.Crystals.IO.DatasetFolderReader(SharedData.Golden("poscar")).Read().ToList();
        var here = Microsoft.ML.Data.ColumnCursorExtensions.GetColumn<float>(loaded.Transform(EOSnet.MLNet.DataCatalogExtensions.LoadFromCrystals(ml.Data, records.Select(x => x.Crystal.WithId(x.Id)))), "Score").ToArray();
        var there = lines.Skip(1).Select(l => float.Parse(l.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(here, there);

        var onnx = Path.Combine(dir, "model.onnx");
        (code, _, err) = Run("export-onnx", "--model", Path.Combine(dir, "model.zip"), "--out", onnx);
        Assert.True(code == 0, $"exit {code}: {err}");
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx);
        Assert.Equal(new[] { "AtomicNumbers", "AtomFingerprints", "NeighborIndices", "NeighborDistances" }, session.InputMetadata.Keys.ToArray());
    }

    [SharedDataFact]
    public void Compare_writes_a_table_csv_and_matbench_reports_for_every_model()
    {
        var dir = Directory.CreateTempSubdirectory("eosnet-compare").FullName;
        var (code, output, err) = Run("compare", SharedData.Data("matbench_perovskites.json.gz"), "--limit", "400", "--fold-list", "0",
            "--epochs", "2", "--batch-size", "64", "--threads", "2", "--device", "cpu", "--models", "eosnet,fasttree,sdca", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}");
        var md = File.ReadAllText(Path.Combine(dir, "comparison.md"));
        Assert.Contains("| EOSnet |", md);
        Assert.Contains("| FastTree |", md);
        Assert.Contains("| Sdca |", md);
        Assert.Equal(1 + 3, File.ReadAllLines(Path.Combine(dir, "comparison.csv")).Length);
        Assert.True(File.Exists(Path.Combine(dir, "eosnet.matbench.json")));
        Assert.DoesNotContain('\u001b', output);
    }

    [SharedDataFact]
    public void Compare_with_a_tuning_budget_tunes_each_baseline_per_fold_and_writes_the_chosen_hyper_parameters()
    {
        var dir = Directory.CreateTempSubdirectory("eosnet-tune").FullName;
        var (code, output, err) = Run("compare", SharedData.Data("matbench_perovskites.json.gz"), "--limit", "300", "--fold-list", "0,1",
            "--models", "fasttree,fastforest", "--tune-minutes", "5", "--tune-trials", "3", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}");
        var md = File.ReadAllText(Path.Combine(dir, "comparison.md"));
        Assert.Contains("| FastTree (tuned) |", md);
        Assert.Contains("| FastForest (tuned) |", md);
        var rows = File.ReadAllLines(Path.Combine(dir, "tuning.md")).Skip(2).Select(l => l.Split('|').Select(c => c.Trim()).ToArray()).ToList();
        Assert.Equal(4, rows.Count); // 2 models × 2 folds
        Assert.All(rows, r => Assert.Equal("3", r[3])); // the trial limit, well inside 5 minutes
        Assert.Equal(new[] { "0", "1", "0", "1" }, rows.Select(r => r[2]));
        Assert.All(rows, r => Assert.True(double.Parse(r[6], System.Globalization.CultureInfo.InvariantCulture) <= double.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("search budget 5 min per trainer and fold", output);
    }

    [Fact]
    public void Errors_are_one_line_with_meaningful_exit_codes()
    {
        var (code, _, err) = Run("predict", "--model", "/nonexistent/model.zip", "/nonexistent/folder");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("eosnet: error:", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
        var bad = Path.Combine(Directory.CreateTempSubdirectory("eosnet-bad").FullName, "broken.cif");
        File.WriteAllText(bad, "data_x\n_cell_length_a 4\n");
        (code, _, err) = Run("predict", "--model", "/nonexistent/model.zip", bad, "--strict");
        Assert.Contains(code, new[] { ExitCodes.InvalidData, ExitCodes.Usage });
        (code, _, _) = Run("no-such-verb");
        Assert.NotEqual(0, code);
    }

    [SharedDataFact]
    public void Datasets_verify_and_json_mode()
    {
        var (code, output, _) = Run("datasets", "verify", "--json");
        Assert.Equal(0, code);
        Assert.Contains("\"Status\":\"ok\"", output);
        Assert.DoesNotContain('\u001b', output);
    }
}
