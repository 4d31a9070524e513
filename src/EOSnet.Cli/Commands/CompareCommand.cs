using System.CommandLine;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.MLNet.Evaluation;
using EOSnet.MLNet.Evaluation.Tuning;
using EOSnet.MLNet.Plots;
using EOSnet.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Cli.Commands;

/// <summary>
/// <c>eosnet compare</c> / <c>eosnet cv</c>: EOSnet and classical baselines (FastTree, LightGbm, Sdca, FastForest on
/// pooled fingerprints, with ML.NET's defaults or tuned within <c>--tune-minutes</c>) on the same Matbench folds; table
/// printed and written as Markdown and CSV.
/// </summary>
public static class CompareCommand
{
    /// <summary>Builds <c>compare</c> (all models) or <c>cv</c> (EOSnet only).</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr, bool cvOnly, ComparisonRecorder? recorder = null)
    {
        var input = new Argument<string>("input") { Description = "Matbench .json.gz with a .folds.json beside it (or --folds)" };
        var foldList = new Option<string>("--fold-list") { Description = "Folds to run, e.g. 0,1 (default: all)", DefaultValueFactory = _ => "" };
        var models = new Option<string>("--models") { Description = "eosnet,fasttree,lightgbm,sdca,fastforest", DefaultValueFactory = _ => cvOnly ? "eosnet" : "eosnet,fasttree,lightgbm,sdca" };
        var output = new Option<string>("--out") { Description = "Folder for comparison.md/csv", DefaultValueFactory = _ => "eosnet-compare" };
        var kfold = new Option<int?>("--kfold") { Description = "Datasets without official folds: seeded random K-fold split (seed 18012019)" };
        var tuneMinutes = new Option<double?>("--tune-minutes") { Description = "Tune each baseline: M minutes of random search per trainer and fold, on an inner 80/20 split of the fold's training rows (ML.NET's defaults are the first trial)" };
        var tuneTrials = new Option<int>("--tune-trials") { Description = "At most this many trials per search", DefaultValueFactory = _ => 500 };
        var ensemble = new Option<int>("--ensemble") { Description = "EOSnet as a deep ensemble: N members with seeds seed … seed+N−1 per fold, sharing one validation split, scored by their mean", DefaultValueFactory = _ => 1 };
        var args = new TrainingArguments();
        var cmd = new Command(cvOnly ? "cv" : "compare", cvOnly ? "Cross-validate EOSnet on Matbench folds" : "Compare EOSnet with FastTree, LightGbm, Sdca and FastForest on the same folds") { input, foldList, models, output, kfold, tuneMinutes, tuneTrials, ensemble };
        args.AddTo(cmd);
        foreach (var option in recorder?.Options ?? []) cmd.Add(option);
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var data = Dataset.Load(r.GetValue(input)!, r.GetValue(args.Folds), r.GetValue(args.Strict), r.GetValue(args.Limit));
            if (data.Folds is null && r.GetValue(kfold) is int kf) data = data.WithRandomFolds(kf, 18012019);
            if (data.Folds is null) throw new CliUsageException("cross-validation needs folds (Matbench .folds.json beside the dataset, --folds, or --kfold K)");
            var task = args.ResolveTask(r, data);
            var folds = string.IsNullOrWhiteSpace(r.GetValue(foldList)) ? Enumerable.Range(0, data.Folds.Count).ToList()
                : r.GetValue(foldList)!.Split(',').Select(s => int.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var dir = r.GetValue(output)!;
            Directory.CreateDirectory(dir);
            var outOfFold = new Dictionary<string, (List<double> Labels, List<double> Scores)>();
            var settings = args.Run(r);
            var validation = new Dictionary<int, double>();
            var spearman = new SortedDictionary<int, double>();
            var searches = new BaselineSearchReport();
            if (r.GetValue(ensemble) < 1) throw new CliUsageException("--ensemble must be ≥ 1");
            var tuning = r.GetValue(tuneMinutes) is double minutes
                ? new BaselineSearchOptions { Budget = TimeSpan.FromMinutes(minutes), MaxTrials = r.GetValue(tuneTrials), Seed = settings.Seed }
                : null;
            var table = Run(data, task, settings, folds, r.GetValue(models)!.Split(',').Select(m => m.Trim().ToLowerInvariant()).ToList(), o,
                (model, foldIndex, scored) =>
                {
                    var (_, labels, scores, probs) = EosNetWorkflow.Read(scored, task);
                    if (model == "EOSnet" && EosNetWorkflow.ReadUncertainty(scored) is { } spread)
                    {
                        spearman[foldIndex] = EosNetWorkflow.UncertaintySpearman(labels, probs ?? scores, spread);
                        o.Line(FormattableString.Invariant($"fold {foldIndex}: Spearman(uncertainty, |error|) of the ensemble {spearman[foldIndex]:F4}"));
                    }
                    if (!outOfFold.TryGetValue(model, out var acc)) outOfFold[model] = acc = (new List<double>(), new List<double>());
                    acc.Labels.AddRange(labels);
                    acc.Scores.AddRange(probs ?? scores);
                }, validation, tuning, searches, r.GetValue(ensemble));
            foreach (var (model, (labels, scores)) in outOfFold)
            {
                string plot = Path.Combine(dir, $"{model.ToLowerInvariant()}_{(task == ModelTask.Regression ? "parity" : "roc")}.png");
                try
                {
                    if (task == ModelTask.Regression) ParityPlot.Save(plot, labels.ToArray(), scores.ToArray(), $"{model}, out-of-fold", "target units");
                    else RocPlot.Save(plot, labels.Select(l => l > 0.5).ToList(), scores.ToArray(), $"{model}, out-of-fold");
                }
                catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or IOException or UnauthorizedAccessException)
                {
                    o.Warning($"plot {plot} not written: {ex.Message.Split('\n')[0]}"); // the metrics matter more than the picture
                }
            }
            File.WriteAllText(Path.Combine(dir, "comparison.md"), table.ToMarkdown());
            File.WriteAllText(Path.Combine(dir, "comparison.csv"), table.ToCsv());
            foreach (var result in table.Results)
                File.WriteAllText(Path.Combine(dir, $"{result.Model.ToLowerInvariant()}.matbench.json"), new MatbenchReport(Path.GetFileName(data.Source), result, table.Task).ToJson());
            o.Line(table.ToMarkdown());
            if (searches.Entries.Count > 0)
            {
                File.WriteAllText(Path.Combine(dir, "tuning.md"), searches.ToMarkdown());
                o.Line(searches.ToMarkdown());
                o.Line($"search budget {r.GetValue(tuneMinutes)} min per trainer and fold, at most {r.GetValue(tuneTrials)} trials; chosen hyper-parameters in {Path.Combine(dir, "tuning.md")}");
            }
            o.Line($"written to {Path.Combine(dir, "comparison.md")} and comparison.csv");
            recorder?.Record(r, new ComparisonOutcome(table, data.Source, settings.Trainer.Epochs, validation.Count > 0 ? validation.Values.Average() : null, spearman.Values.ToList()), o);
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }

    /// <summary>
    /// Featurizes once, then cross-validates every requested model on the same folds (<see cref="MatbenchProtocol.Compare"/>). With <paramref name="tuning"/>
    /// the baselines are tuned per fold (<see cref="TunedBaselineEstimator"/>) and each search goes into <paramref name="searches"/>.
    /// With <paramref name="ensemble"/> &gt; 1, EOSnet is an <see cref="EosNetEnsembleTrainer"/> of that many seeds and
    /// <paramref name="bestValidation"/> gets the ensemble's validation metric.
    /// </summary>
    public static ComparisonTable Run(Dataset data, ModelTask task, TrainingRun settings, IReadOnlyList<int> folds, IReadOnlyList<string> models, CliOutput o,
        Action<string, int, IDataView>? scored = null, IDictionary<int, double>? bestValidation = null,
        BaselineSearchOptions? tuning = null, BaselineSearchReport? searches = null, int ensemble = 1)
    {
        var ml = new MLContext(settings.Seed);
        // Baselines read pooled fingerprints (reference GOM s); EOSnet reads the graph columns of the chosen feature set.
        var featurizers = models.Any(m => m != "eosnet")
            ? EosNetWorkflow.Featurizers(ml, settings.Features == FeatureSet.GomSP ? FeatureSet.GomSP : FeatureSet.GomS, settings)
                .Append(ml.Transforms.PoolFingerprints(new PoolFingerprintsOptions { FingerprintLength = Math.Max(Featurization.GomOptions.DefaultFingerprintLength, EosNetWorkflow.FingerprintLength(settings.Features)) }))
            : EosNetWorkflow.Featurizers(ml, settings.Features, settings);
        var kind = task;
        if (models.Contains("eosnet"))
        {
            TorchRuntime.SetThreads(settings.Trainer.Threads);
            o.Line($"EOSnet trains on {TorchRuntime.DescribeDevice(settings.Trainer.Device)}");
        }
        var entries = new List<(string, Func<int, IEstimator<ITransformer>>)>();
        foreach (var m in models)
        {
            Func<int, IEstimator<ITransformer>> factory = m switch
            {
                "eosnet" when ensemble > 1 || settings.MixedV2 is not null => k => EosNetWorkflow.EnsembleTrainer(ml, task, settings, ensemble, EosNetWorkflow.EpochPrinter(o, task),
                    (member, seed) => o.Line($"fold {k}: ensemble member {member + 1}/{ensemble * (settings.MixedV2 is null ? 1 : 2)} (seed {seed})"), v =>
                {
                    if (bestValidation is not null) bestValidation[k] = v.Ensemble;
                    o.Line(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"fold {k}: validation {(task == ModelTask.Regression ? "MAE" : "AUC")} of the ensemble {v.Ensemble:F4}; members {string.Join(", ", v.Members.Select(x => x.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))} (mean {v.Members.Average():F4})"));
                    o.Record(new { kind = "ensemble-validation", fold = k, ensemble = v.Ensemble, members = v.Members });
                }),
                "eosnet" => k =>
                {
                    var printer = EosNetWorkflow.EpochPrinter(o, task);
                    return EosNetWorkflow.Trainer(ml, task, settings, e =>
                    {
                        printer(e);
                        // Best validation value of fold k (MAE: lowest, AUC: highest): what settings are chosen on.
                        double? v = task == ModelTask.Regression ? e.ValidationMae : e.ValidationAuc;
                        if (bestValidation is not null && v is double x)
                            bestValidation[k] = bestValidation.TryGetValue(k, out var b) ? (task == ModelTask.Regression ? Math.Min(b, x) : Math.Max(b, x)) : x;
                    });
                },
                "fasttree" or "lightgbm" or "sdca" or "fastforest" => k => Baseline(ml, Family(m), kind, tuning, searches, k, o),
                _ => throw new CliUsageException($"unknown model '{m}' (eosnet, fasttree, lightgbm, sdca, fastforest)"),
            };
            string name = m == "eosnet" ? "EOSnet" : Family(m) + (tuning is null ? "" : " (tuned)");
            entries.Add((name, factory));
        }
        return MatbenchProtocol.Compare(ml, data.Records, data.Folds!, kind, entries, featurizers, folds, o.Line, scored);
    }

    private static BaselineFamily Family(string model) => model switch
    {
        "fasttree" => BaselineFamily.FastTree,
        "lightgbm" => BaselineFamily.LightGbm,
        "sdca" => BaselineFamily.Sdca,
        _ => BaselineFamily.FastForest,
    };

    /// <summary>A baseline with ML.NET's defaults, or tuned on fold <paramref name="fold"/>'s training rows.</summary>
    private static IEstimator<ITransformer> Baseline(MLContext ml, BaselineFamily family, ModelTask task, BaselineSearchOptions? tuning, BaselineSearchReport? searches, int fold, CliOutput o)
    {
        if (tuning is null) return BaselineTrainers.Create(ml, family, task, new Dictionary<string, double>());
        string model = $"{family} (tuned)";
        var options = new BaselineSearchOptions
        {
            Budget = tuning.Budget, MaxTrials = tuning.MaxTrials, ValidationFraction = tuning.ValidationFraction, Seed = tuning.Seed,
            OnSearched = s =>
            {
                searches?.Add(model, fold, s);
                o.Line(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{model} fold {fold}: {s.Trials.Count} trials in {s.Seconds:0} s, validation {s.DefaultsMetric:G4} (defaults) → {s.Best.ValidationMetric:G4}: {s.Best.Describe()}"));
            },
        };
        return new TunedBaselineEstimator(family, task, options);
    }
}
