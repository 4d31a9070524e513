using System.Globalization;
using EOSnet.Cli.Workflows;
using EOSnet.Model;
using EOSnet.MLNet;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Cli.Tests;

/// <summary>
/// The library ensemble behind the CLI: one model.zip holds every member; a fresh <c>eosnet</c> process that loads it
/// predicts exactly what the training process predicted; <c>evaluate</c> reads it; classification metrics are the
/// ensemble's, not its first member's.
/// </summary>
public class EnsembleCliTests
{
    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>The golden POSCAR files with made-up targets (id_prop.csv), as a labelled dataset folder.</summary>
    private static (string Folder, Dictionary<string, double> Targets) LabelledGoldenFolder()
    {
        string folder = Directory.CreateTempSubdirectory("eosnet-golden-labelled").FullName;
        var targets = new Dictionary<string, double>();
        foreach (var (file, i) in Directory.GetFiles(SharedData.Golden("poscar"), "*.vasp").OrderBy(f => f, StringComparer.Ordinal).Select((f, i) => (f, i)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            targets[Path.GetFileNameWithoutExtension(file)] = 0.1 * (i % 7);
        }
        File.WriteAllLines(Path.Combine(folder, "id_prop.csv"), new[] { "id,target" }.Concat(targets.Select(t => FormattableString.Invariant($"{t.Key},{t.Value}"))));
        return (folder, targets);
    }

    [SharedDataFact]
    public void A_saved_ensemble_predicts_identically_in_a_fresh_process_and_evaluates()
    {
        var ml = new MLContext(1);
        var data = Dataset.Load(SharedData.Data("matbench_perovskites.json.gz"), null, strict: false, limit: 120);
        var view = EosNetWorkflow.Load(ml, data.Records, ModelTask.Regression);
        var settings = TrainingRun.Create(new EosNetTrainerOptions { Epochs = 3, BatchSize = 32, Seed = 7, Threads = 2, Device = "cpu" });
        var model = EosNetWorkflow.Featurizers(ml).Append(EosNetWorkflow.EnsembleTrainer(ml, ModelTask.Regression, settings, 2, null)).Fit(view);

        var (folder, targets) = LabelledGoldenFolder();
        var golden = Dataset.Load(folder, null, strict: false);
        var scored = model.Transform(EosNetWorkflow.Load(ml, golden.Records, ModelTask.Regression));
        var ids = scored.GetColumn<string>("Id").ToArray();
        var score = scored.GetColumn<float>("Score").ToArray();
        var spread = scored.GetColumn<float>("Uncertainty").ToArray();
        Assert.Contains(spread, s => s > 0);

        string dir = Directory.CreateTempSubdirectory("eosnet-ensemble-zip").FullName;
        string zip = Path.Combine(dir, "model.zip");
        ml.Model.Save(model, view.Schema, zip);
        Assert.Single(Directory.GetFiles(dir)); // one file holds the ensemble

        string csv = Path.Combine(dir, "pred.csv");
        var (code, output, err) = CliProcessTests.Run("predict", "--model", zip, folder, "--out", csv);
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.Contains("ensemble of 2 models", output);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,id,status,reason,prediction,uncertainty", lines[0]);
        var fresh = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[1], p => ((float)Parse(p[4]), (float)Parse(p[5])));
        Assert.Equal(ids.Length, fresh.Count);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.Equal(score[i], fresh[ids[i]].Item1); // bit for bit
            Assert.Equal(spread[i], fresh[ids[i]].Item2);
        }

        (code, output, err) = CliProcessTests.Run("evaluate", "--model", zip, folder, "--out", Path.Combine(dir, "eval"));
        Assert.True(code == 0, $"exit {code}: {err}");
        double mae = ids.Select((id, i) => Math.Abs(score[i] - targets[id])).Average();
        Assert.Contains(FormattableString.Invariant($"MAE: {mae:F4}"), output);

        // export-onnx needs a single network and says so.
        (code, _, err) = CliProcessTests.Run("export-onnx", "--model", zip, "--out", Path.Combine(dir, "m.onnx"));
        Assert.NotEqual(0, code);
        Assert.Contains("ensemble", err + output);
    }

    /// <summary>ROC-AUC by pairs (ties count one half), independent of ML.NET's evaluator.</summary>
    private static double Auc(IReadOnlyList<double> labels, IReadOnlyList<double> p)
    {
        var pos = p.Where((_, i) => labels[i] > 0.5).ToList();
        var neg = p.Where((_, i) => labels[i] <= 0.5).ToList();
        return pos.Sum(a => neg.Sum(b => a > b ? 1.0 : a == b ? 0.5 : 0)) / (pos.Count * (double)neg.Count);
    }

    [SharedDataFact]
    public void Train_ensemble_classification_reports_the_ensembles_auc_and_writes_one_model()
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-ensemble-cls").FullName;
        var (code, output, err) = CliProcessTests.Run("train", SharedData.Data("matbench_mp_is_metal.json.gz"), "--limit", "300", "--fold", "0",
            "--epochs", "2", "--batch-size", "32", "--threads", "2", "--device", "cpu", "--ensemble", "2", "--seed", "3", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.Contains("ensemble member 2/2 (seed 4)", output);
        Assert.Contains("model written to", output);
        Assert.Empty(Directory.GetFiles(dir, "model.seed*.zip"));
        Assert.False(File.Exists(Path.Combine(dir, "ensemble.json")));
        var rows = File.ReadAllLines(Path.Combine(dir, "test_predictions.csv"));
        Assert.Equal("id,target,prediction,uncertainty", rows[0]);
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
        double auc = Auc(cells.Select(c => Parse(c[1])).ToList(), cells.Select(c => Parse(c[2])).ToList());
        var line = output.Split('\n').Single(l => l.StartsWith("test AUC:", StringComparison.Ordinal));
        Assert.Equal(auc, Parse(line["test AUC:".Length..].Trim()), 4); // the mean probability's AUC, printed with 4 decimals
        Assert.Contains("test Spearman(uncertainty, |error|):", output);

        (code, output, err) = CliProcessTests.Run("predict", "--model", Path.Combine(dir, "model.zip"), SharedData.Golden("poscar"), "--out", Path.Combine(dir, "p.csv"));
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.Equal("index,id,status,reason,prediction,probability,uncertainty", File.ReadLines(Path.Combine(dir, "p.csv")).First());
    }

    [SharedDataFact]
    public void Cv_ensemble_records_the_uncertainty_spearman_per_fold()
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-cv-ensemble").FullName;
        string docs = Path.Combine(dir, "docs");
        var (code, output, err) = CliProcessTests.RunDev("cv", SharedData.Data("matbench_perovskites.json.gz"), "--limit", "200", "--fold-list", "0",
            "--epochs", "2", "--batch-size", "32", "--threads", "2", "--device", "cpu", "--ensemble", "2", "--out", dir,
            "--record-accuracy", "x2-test", "--docs", docs);
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.Contains("fold 0: ensemble member 2/2 (seed 43)", output);
        Assert.Contains("fold 0: validation MAE of the ensemble", output);
        var line = output.Split('\n').Single(l => l.StartsWith("fold 0: Spearman(uncertainty, |error|) of the ensemble ", StringComparison.Ordinal));
        double printed = Parse(line.Split(' ').Last().Trim());
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(docs, "accuracy.json")));
        var record = json.RootElement.EnumerateArray().Single(r => r.GetProperty("model").GetString() == "x2-test");
        Assert.Equal(printed, record.GetProperty("uncertainty_spearman")[0].GetDouble(), 4);
        Assert.Contains("## Ensemble uncertainty", File.ReadAllText(Path.Combine(docs, "accuracy.md")));
    }
}
