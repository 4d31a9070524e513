using System.CommandLine;
using System.Globalization;
using EOSnet.Cli.Plots;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.MLNet.Evaluation;
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
        var args = new TrainingArguments();
        var cmd = new Command("train", "Train EOSnet (regression or metal/non-metal classification) and save an ML.NET model zip") { input, output, fold, resume };
        args.AddTo(cmd);
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var data = Dataset.Load(r.GetValue(input)!, r.GetValue(args.Folds), r.GetValue(args.Strict), r.GetValue(args.Limit));
            foreach (var s in data.Skipped) o.Warning($"skipped: {s}");
            var task = args.ResolveTask(r, data);
            var settings = args.Settings(r) with { Checkpoint = Path.Combine(r.GetValue(output)!, "checkpoint.ckpt"), Resume = r.GetValue(resume) };
            var result = Run(data, task, settings, r.GetValue(fold), r.GetValue(output)!, o, ct);
            return Task.FromResult(data.Skipped.Count > 0 ? ExitCodes.PartialSuccess : (result >= 0 ? ExitCodes.Ok : ExitCodes.InternalError));
        }));
        return cmd;
    }

    /// <summary>Trains; with a fold, evaluates on it and writes a parity/ROC plot. Returns the test metric (or 0).</summary>
    public static double Run(Dataset data, ModelTask task, RunSettings settings, int? fold, string outDir, CliOutput o, CancellationToken ct)
    {
        Directory.CreateDirectory(outDir);
        var ml = new MLContext(settings.Seed);
        var folds = data.FoldOfRecords();
        if (fold is int k && data.Folds is null) throw new CliUsageException("--fold needs Matbench folds (--folds or a .folds.json beside the dataset)");
        var trainRecords = data.Records.Where((_, i) => fold is null || folds[i] != fold).Where(rec => rec.Target is not null).ToList();
        var testRecords = fold is null ? new List<Crystals.CrystalRecord>() : data.Records.Where((_, i) => folds[i] == fold).ToList();
        o.Line($"training EOSnet ({task}) on {trainRecords.Count} structures{(fold is null ? "" : $", testing on fold {fold} ({testRecords.Count})")}; {settings.Epochs} epochs, batch {settings.BatchSize}");
        var featurizers = EosNetWorkflow.Featurizers(ml).Fit(EosNetWorkflow.Load(ml, trainRecords.Take(1), task));
        var trainView = ml.Data.Cache(featurizers.Transform(EosNetWorkflow.Load(ml, trainRecords, task)));
        var history = new List<EpochReport>();
        var printer = EosNetWorkflow.EpochPrinter(o, task);
        var predictor = EosNetWorkflow.Trainer(ml, task, settings, e => { history.Add(e); printer(e); ct.ThrowIfCancellationRequested(); }).Fit(trainView);
        var model = featurizers.Append(predictor);
        var zip = Path.Combine(outDir, "model.zip");
        ml.Model.Save(model, EosNetWorkflow.Load(ml, trainRecords.Take(1), task).Schema, zip);
        o.Line($"model written to {zip}");
        LearningCurvePlot.Save(Path.Combine(outDir, "learning_curve.png"), history.Select(h => h.TrainLoss).ToList(),
            history.Select(h => task == ModelTask.Regression ? h.ValidationMae ?? double.NaN : h.ValidationAuc ?? double.NaN).ToList(),
            task == ModelTask.Regression ? "MAE" : "AUC", $"EOSnet on {Path.GetFileName(data.Source)}");
        if (testRecords.Count == 0) return 0;
        var scored = model.Transform(EosNetWorkflow.Load(ml, testRecords, task));
        var metrics = FoldEvaluator.Metrics(ml, scored, task == ModelTask.Regression ? TaskKind.Regression : TaskKind.BinaryClassification);
        var (ids, labels, scores, probs) = EosNetWorkflow.Read(scored, task);
        if (task == ModelTask.Regression) ParityPlot.Save(Path.Combine(outDir, "parity.png"), labels, scores, $"EOSnet, fold {fold}", "target units");
        else RocPlot.Save(Path.Combine(outDir, "roc.png"), labels.Select(l => l > 0.5).ToList(), scores, $"EOSnet, fold {fold}");
        File.WriteAllLines(Path.Combine(outDir, "test_predictions.csv"), new[] { "id,target,prediction" }.Concat(
            ids.Select((id, i) => FormattableString.Invariant($"{id},{labels[i]},{(probs is null ? scores[i] : probs[i])}"))));
        foreach (var (name, value) in metrics) o.Line(FormattableString.Invariant($"test {name}: {value:F4}"));
        o.Record(new { kind = "test", fold, metrics });
        return task == ModelTask.Regression ? metrics["MAE"] : metrics["AUC"];
    }
}
