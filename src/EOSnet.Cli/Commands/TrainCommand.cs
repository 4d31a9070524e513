using System.CommandLine;
using System.Globalization;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.MLNet.Evaluation;
using EOSnet.MLNet.Plots;
using EOSnet.Model;
using Microsoft.ML;

namespace EOSnet.Cli.Commands;

/// <summary><c>eosnet train INPUT --out DIR [--fold K]</c>: trains EOSnet and writes model.zip, plots and a summary.</summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var input = new Argument<string>("input") { Description = "Structures with targets: Matbench .json(.gz), .extxyz, CIF/POSCAR folder with id_prop.csv" };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "eosnet-model" };
        var fold = new Option<int?>("--fold") { Description = "Hold out Matbench fold K as the test set (train on the others)" };
        var resume = new Option<bool>("--resume") { Description = "Continue from DIR/checkpoint.ckpt (written after every epoch) with the same data and settings" };
        var ensemble = new Option<int>("--ensemble") { Description = "Train a deep ensemble of N models (seeds seed … seed+N−1, one shared validation split) into one model.zip; predictions report their mean and spread", DefaultValueFactory = _ => 1 };
        var cacheDir = CacheOptions.CacheDir();
        var noCache = new Option<bool>("--no-cache") { Description = "Featurize without reading or writing the feature cache" };
        var args = new TrainingArguments();
        var cmd = new Command("train", "Train EOSnet (regression or metal/non-metal classification) and save an ML.NET model zip") { input, output, fold, resume, ensemble, cacheDir, noCache };
        args.AddTo(cmd);
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var data = Dataset.Load(r.GetValue(input)!, r.GetValue(args.Folds), r.GetValue(args.Strict), r.GetValue(args.Limit));
            foreach (var notice in data.Notices) o.Warning(notice);
            var task = args.ResolveTask(r, data);
            var settings = args.Run(r);
            if (r.GetValue(ensemble) < 1) throw new CliUsageException("--ensemble must be ≥ 1");
            settings.CheckSupported(r.GetValue(resume));
            if (settings.Network == NetworkKind.V1)
            {
                settings.Trainer.CheckpointPath = Path.Combine(r.GetValue(output)!, "checkpoint.ckpt");
                settings.Trainer.Resume = r.GetValue(resume);
            }
            // v2 caches its edge list (within the network's radial cutoff) beside the graph.
            var features = DatasetFeatures.GetOrCreate(data, r.GetValue(args.Limit), r.GetValue(noCache) ? null : r.GetValue(cacheDir), o, ct, settings.Features, settings.EdgeCutoff);
            var result = Run(data, task, settings, r.GetValue(fold), r.GetValue(output)!, o, ct, features, r.GetValue(ensemble));
            return Task.FromResult(data.Skipped.Count > 0 ? ExitCodes.PartialSuccess : (result >= 0 ? ExitCodes.Ok : ExitCodes.InternalError));
        }));
        return cmd;
    }

    /// <summary>
    /// Trains one model, or an ensemble of <paramref name="ensemble"/> members with consecutive seeds saved as one
    /// model.zip; with a fold, evaluates on it (the ensemble's mean; Spearman of uncertainty against |error|)
    /// and writes a parity/ROC plot. <paramref name="features"/>: featurized records by index (from the feature cache);
    /// null featurizes through the ML.NET transformers. Returns the test metric (or 0).
    /// </summary>
    public static double Run(Dataset data, ModelTask task, TrainingRun settings, int? fold, string outDir, CliOutput o, CancellationToken ct,
        IReadOnlyDictionary<int, Featurization.CachedStructure>? features = null, int ensemble = 1)
    {
        Directory.CreateDirectory(outDir);
        var ml = new MLContext(settings.Seed);
        var folds = data.FoldOfRecords();
        if (fold is int k && data.Folds is null) throw new CliUsageException("--fold needs Matbench folds (--folds or a .folds.json beside the dataset)");
        var trainIndices = Enumerable.Range(0, data.Records.Count).Where(i => (fold is null || folds[i] != fold) && data.Records[i].Target is not null).ToList();
        var trainRecords = trainIndices.Select(i => data.Records[i]).ToList();
        var testRecords = fold is null ? new List<Crystals.CrystalRecord>() : data.Records.Where((_, i) => folds[i] == fold).ToList();
        bool asEnsemble = ensemble > 1 || settings.MixedV2 is not null;
        string members = settings.MixedV2 is null ? $"{ensemble}" : $"{ensemble} v1 + {ensemble} v2";
        o.Line($"training EOSnet {settings.NetworkName} ({task}) on {trainRecords.Count} structures{(fold is null ? "" : $", testing on fold {fold} ({testRecords.Count})")}; {settings.Trainer.Epochs} epochs, batch {settings.Trainer.BatchSize}{(asEnsemble ? $", ensemble of {members}" : "")}");
        var featurizers = EosNetWorkflow.Featurizers(ml, settings.Features, settings).Fit(EosNetWorkflow.Load(ml, trainRecords.Take(1), task));
        var trainView = features is null
            ? ml.Data.Cache(featurizers.Transform(EosNetWorkflow.Load(ml, trainRecords, task)))
            : ml.Data.LoadFromCrystalGraphs(trainIndices.Where(features.ContainsKey).Select(i => features[i]).ToList(),
                task == ModelTask.Regression ? CrystalLabelKind.Regression : CrystalLabelKind.Binary);
        ITransformer predictor = asEnsemble ? TrainEnsemble(ml, task, settings, ensemble, trainView, o, ct) : TrainSingle(ml, task, settings, trainView, o, ct);
        // The model's history includes epochs restored from a checkpoint (a resumed run may have none left to run).
        var history = (predictor is EosNetEnsembleTransformer e ? e.Members[0] : (EosNetPredictionTransformer)predictor).Model.History;
        var model = featurizers.Append(predictor);
        var zip = Path.Combine(outDir, "model.zip");
        ml.Model.Save(model, EosNetWorkflow.Load(ml, trainRecords.Take(1), task).Schema, zip);
        o.Line($"model written to {zip}{(asEnsemble ? $" (ensemble of {members})" : "")}");
        LearningCurvePlot.Save(Path.Combine(outDir, "learning_curve.png"), history, $"EOSnet on {Path.GetFileName(data.Source)}");
        if (testRecords.Count == 0) return 0;
        var scored = model.Transform(EosNetWorkflow.Load(ml, testRecords, task));
        var (ids, labels, scores, probs) = EosNetWorkflow.Read(scored, task);
        var prediction = probs ?? scores;
        var spread = EosNetWorkflow.ReadUncertainty(scored);
        // The ensemble's metrics (its mean score or mean probability), for both tasks.
        var metrics = task == ModelTask.Regression ? RegressionMetrics(labels, prediction) : new Dictionary<string, double>(FoldEvaluator.Metrics(ml, scored, ModelTask.BinaryClassification));
        if (task == ModelTask.Regression) ParityPlot.Save(Path.Combine(outDir, "parity.png"), labels, prediction, $"EOSnet, fold {fold}", "target units");
        else RocPlot.Save(Path.Combine(outDir, "roc.png"), labels.Select(l => l > 0.5).ToList(), prediction, $"EOSnet, fold {fold}");
        File.WriteAllLines(Path.Combine(outDir, "test_predictions.csv"), new[] { spread is null ? "id,target,prediction" : "id,target,prediction,uncertainty" }.Concat(
            ids.Select((id, i) => FormattableString.Invariant($"{id},{labels[i]},{prediction[i]}") + (spread is null ? "" : FormattableString.Invariant($",{spread[i]}")))));
        foreach (var (name, value) in metrics) o.Line(FormattableString.Invariant($"test {name}: {value:F4}"));
        if (spread is not null)
        {
            double rho = EosNetWorkflow.UncertaintySpearman(labels, prediction, spread);
            o.Line(FormattableString.Invariant($"test Spearman(uncertainty, |error|): {rho:F4}"));
            metrics["UncertaintySpearman"] = rho;
        }
        o.Record(new { kind = "test", fold, metrics });
        return task == ModelTask.Regression ? metrics["MAE"] : metrics["AUC"];
    }

    private static EosNetPredictionTransformer TrainSingle(MLContext ml, ModelTask task, TrainingRun settings, IDataView trainView, CliOutput o, CancellationToken ct)
    {
        EosNetPredictionTransformer predictor = null!;
        o.LiveTable(EosNetWorkflow.EpochColumns(task), addRow =>
        {
            predictor = EosNetWorkflow.Trainer(ml, task, settings, e =>
            {
                addRow(EosNetWorkflow.EpochCells(e, task));
                EosNetWorkflow.RecordEpoch(o, e);
                ct.ThrowIfCancellationRequested();
            }).Fit(trainView);
        });
        return predictor;
    }

    /// <summary>The ensemble: members share one validation split; their checkpoints are checkpoint.seedS.ckpt beside the first.</summary>
    private static EosNetEnsembleTransformer TrainEnsemble(MLContext ml, ModelTask task, TrainingRun settings, int ensemble, IDataView trainView, CliOutput o, CancellationToken ct)
    {
        var printer = EosNetWorkflow.EpochPrinter(o, task);
        return EosNetWorkflow.EnsembleTrainer(ml, task, settings, ensemble, e => { printer(e); ct.ThrowIfCancellationRequested(); },
            (k, seed) => o.Line($"ensemble member {k + 1}/{ensemble * (settings.MixedV2 is null ? 1 : 2)} (seed {seed})"),
            v => o.Line(string.Create(CultureInfo.InvariantCulture,
                $"validation {(task == ModelTask.Regression ? "MAE" : "AUC")} of the ensemble {v.Ensemble:F4}; members {string.Join(", ", v.Members.Select(x => x.ToString("F4", CultureInfo.InvariantCulture)))}"))).Fit(trainView);
    }

    private static Dictionary<string, double> RegressionMetrics(double[] labels, double[] predictions)
    {
        double mae = 0, mse = 0, mean = labels.Average(), ss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double d = predictions[i] - labels[i];
            mae += Math.Abs(d); mse += d * d; ss += (labels[i] - mean) * (labels[i] - mean);
        }
        return new() { ["MAE"] = mae / labels.Length, ["RMSE"] = Math.Sqrt(mse / labels.Length), ["R2"] = ss > 0 ? 1 - mse / ss : double.NaN };
    }
}
