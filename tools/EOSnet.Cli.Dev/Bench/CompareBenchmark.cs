using System.Globalization;
using System.Text;
using EOSnet.Cli.Commands;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.Model;

namespace EOSnet.Cli.Bench;

/// <summary>EOSnet vs FastTree/LightGbm/Sdca (pooled fingerprints) on the official Matbench folds of log_kvrh.</summary>
public static class CompareBenchmark
{
    /// <summary>Runs all five folds; EOSnet with a reduced epoch budget.</summary>
    public static (List<BenchmarkRecord> Records, string Markdown) Run(string kvrhPath, int epochs, CliOutput o)
    {
        var data = Dataset.Load(kvrhPath, null, strict: true);
        var settings = TrainingRun.Create(new EosNetTrainerOptions { Epochs = epochs, BatchSize = 64, Seed = 42, Threads = 2, Device = "cpu", WarmupEpochs = Math.Max(1, epochs / 10) });
        var table = CompareCommand.Run(data, ModelTask.Regression, settings, Enumerable.Range(0, data.Folds!.Count).ToList(), new[] { "eosnet", "fasttree", "lightgbm", "sdca" }, o);
        string command = FormattableString.Invariant($"eosnet bench compare --compare-epochs {epochs}");
        var records = table.Results.Select(r => new BenchmarkRecord($"compare.mae.{r.Model.ToLowerInvariant()}", "matbench_log_kvrh", 2, Math.Round(r.Mean("MAE"), 5), "log10(GPa)", command, BenchmarkStore.Today)
        {
            Note = FormattableString.Invariant($"mean over {r.Folds.Count} official folds, std {r.Std("MAE"):F4}, {r.TotalSeconds:F0} s"),
        }).ToList();
        var md = new StringBuilder();
        md.AppendLine(FormattableString.Invariant($"Official Matbench v0.1 folds of the `matbench_log_kvrh` subset shipped in the data folder ({data.Records.Count} of 10,987 structures). "));
        md.AppendLine(FormattableString.Invariant($"EOSnet: **reduced budget of {epochs} epochs** per fold (batch 64, warm-up {settings.Trainer.WarmupEpochs}, lr 1e-3, 10 % of each training part held out for best-epoch selection), 2 threads, CPU. "));
        md.AppendLine(FormattableString.Invariant($"Baselines: ML.NET defaults on `PoolFingerprints` (mean/std/min/max of the {Featurization.GomOptions.DefaultFingerprintLength} GOM values + 112 element fractions); Sdca after min-max normalisation. Test MAE in log10(GPa), mean ± std over the folds."));
        md.AppendLine("Leaderboard context (full task, anchors.md): ALIGNN 0.0568, CGCNN 0.0712, predict-the-mean 0.2897.");
        md.AppendLine();
        md.AppendLine(table.ToMarkdown());
        return (records, md.ToString());
    }
}
