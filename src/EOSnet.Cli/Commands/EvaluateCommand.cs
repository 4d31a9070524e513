using System.CommandLine;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.MLNet.Evaluation;
using EOSnet.MLNet.Plots;
using EOSnet.Model;
using Microsoft.ML;

namespace EOSnet.Cli.Commands;

/// <summary><c>eosnet evaluate --model model.zip INPUT [--fold K]</c>: metrics and a parity/ROC plot on labelled data.</summary>
public static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var model = new Option<string>("--model") { Description = ModelSource.OptionDescription, Required = true };
        var input = new Argument<string>("input") { Description = "Labelled structures (Matbench file, extxyz, folder with id_prop.csv)" };
        var fold = new Option<int?>("--fold") { Description = "Evaluate only Matbench fold K" };
        var folds = new Option<string?>("--folds") { Description = "Matbench folds file" };
        var output = new Option<string>("--out") { Description = "Folder for the plot", DefaultValueFactory = _ => "eosnet-evaluate" };
        var cmd = new Command("evaluate", "Evaluate a trained model on labelled structures (MAE/RMSE/R², or AUC/accuracy) with a plot") { model, input, fold, folds, output };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var data = Dataset.Load(r.GetValue(input)!, r.GetValue(folds), strict: false);
            foreach (var notice in data.Notices) o.Warning(notice);
            var foldOf = data.FoldOfRecords();
            var records = data.Records.Where((rec, i) => rec.Target is not null && (r.GetValue(fold) is not int k || foldOf[i] == k)).ToList();
            if (records.Count == 0) throw new CliUsageException("no labelled structures to evaluate");
            var ml = new MLContext(0);
            var transformer = ModelSource.Load(ml, r.GetValue(model)!);
            var task = EosNetWorkflow.FindModel(transformer).Task;
            var scored = transformer.Transform(EosNetWorkflow.Load(ml, records, task));
            var metrics = FoldEvaluator.Metrics(ml, scored, task);
            var (_, labels, scores, _) = EosNetWorkflow.Read(scored, task);
            var dir = r.GetValue(output)!;
            Directory.CreateDirectory(dir);
            string plot = Path.Combine(dir, task == ModelTask.Regression ? "parity.png" : "roc.png");
            if (task == ModelTask.Regression) ParityPlot.Save(plot, labels, scores, $"EOSnet on {Path.GetFileName(data.Source)}", "target units");
            else RocPlot.Save(plot, labels.Select(l => l > 0.5).ToList(), scores, $"EOSnet on {Path.GetFileName(data.Source)}");
            foreach (var (name, value) in metrics) o.Line(FormattableString.Invariant($"{name}: {value:F4}"));
            o.Line($"{records.Count} structures; plot written to {plot}");
            o.Record(new { kind = "evaluate", count = records.Count, metrics });
            return Task.FromResult(data.Skipped.Count > 0 ? ExitCodes.PartialSuccess : ExitCodes.Ok);
        }));
        return cmd;
    }
}
