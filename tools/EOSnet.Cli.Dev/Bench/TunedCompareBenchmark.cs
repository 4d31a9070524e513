using System.Globalization;
using System.Text;
using EOSnet.Cli.Accuracy;
using EOSnet.Cli.Commands;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.MLNet.Evaluation.Tuning;
using EOSnet.Model;

namespace EOSnet.Cli.Bench;

/// <summary>
/// Tuned FastTree/LightGbm/Sdca/FastForest (pooled fingerprints, hyper-parameters searched per fold on an inner split
/// of its training rows) on the official Matbench folds, next to EOSnet's recorded result on the same folds
/// (<c>docs/accuracy.json</c>, model <c>eosnet-best</c>, with its own command).
/// </summary>
public static class TunedCompareBenchmark
{
    private static readonly string[] Baselines = { "fasttree", "lightgbm", "sdca", "fastforest" };

    /// <summary>Runs all five folds of one dataset.</summary>
    public static (List<BenchmarkRecord> Records, string Markdown) Run(string path, string task, string unit, double minutes, int trials, string docs, CliOutput o)
    {
        var data = Dataset.Load(path, null, strict: true);
        var settings = TrainingRun.Create(new EosNetTrainerOptions { Epochs = 1, BatchSize = 64, Seed = 42, Threads = 2, Device = "cpu" });
        var tuning = new BaselineSearchOptions { Budget = TimeSpan.FromMinutes(minutes), MaxTrials = trials, Seed = settings.Seed };
        var searches = new BaselineSearchReport();
        var table = CompareCommand.Run(data, ModelTask.Regression, settings, Enumerable.Range(0, data.Folds!.Count).ToList(), Baselines, o, tuning: tuning, searches: searches);
        string command = FormattableString.Invariant($"eosnet bench tuned --tune-minutes {minutes} --tune-trials {trials}");
        var records = table.Results.Select(r => new BenchmarkRecord($"compare.tuned.mae.{r.Model.Replace(" (tuned)", "").ToLowerInvariant()}", task, 2, Math.Round(r.Mean("MAE"), 5), unit, command, BenchmarkStore.Today)
        {
            Note = FormattableString.Invariant($"mean over {r.Folds.Count} official folds, std {r.Std("MAE"):F4}; {searches.Entries.Where(e => e.Model == r.Model).Sum(e => e.Search.Trials.Count)} trials in all; {r.TotalSeconds:F0} s"),
        }).ToList();
        var eosnet = new AccuracyStore(docs).Load().FirstOrDefault(a => a.Task == task && a.Model == "eosnet-best");
        var md = new StringBuilder();
        md.AppendLine(FormattableString.Invariant($"Official Matbench v0.1 folds of the `{task}` subset in the data folder ({data.Records.Count} structures), test MAE in {unit}, mean ± std over the folds. "));
        md.AppendLine(FormattableString.Invariant($"Baselines on `PoolFingerprints` (GOM s statistics + element fractions), each tuned per fold: ML.NET's defaults, then seeded random points of its search space (`BaselineTrainers.Space`), fitted on 80 % of the fold's training rows and scored on the other 20 % (never the test fold), for at most {minutes} min or {trials} trials per trainer and fold; the best is refitted on all training rows and scored on the test fold. 2 cores, CPU."));
        md.AppendLine();
        md.AppendLine(table.ToMarkdown().TrimEnd());
        if (eosnet is not null)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| EOSnet (`eosnet-best` in accuracy.json, {eosnet.Date}) | {eosnet.Mean:0.0000} ± {eosnet.Std:0.0000} | | | {string.Join(",", eosnet.FoldIds ?? Enumerable.Range(0, eosnet.Folds.Length).ToArray())} | {eosnet.WallSeconds:0} |"));
        md.AppendLine();
        if (eosnet is not null) md.AppendLine($"EOSnet row: `{eosnet.Command}`.");
        md.AppendLine();
        md.AppendLine("What each search tried and chose (validation MAE on the inner 20 %):");
        md.AppendLine();
        md.AppendLine(searches.ToMarkdown());
        return (records, md.ToString());
    }
}
