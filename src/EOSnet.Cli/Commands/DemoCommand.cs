using System.CommandLine;
using System.Diagnostics;
using EOSnet.Cli.Datasets;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.MLNet.Evaluation;
using EOSnet.MLNet.Plots;
using EOSnet.Model;
using Microsoft.ML;
using Spectre.Console;

namespace EOSnet.Cli.Commands;

/// <summary>
/// <c>eosnet demo</c>: trains EOSnet on Matbench perovskites fold 0 with a small epoch budget, compares it with
/// FastTree on pooled fingerprints on the same fold, and writes a parity plot and a one-screen summary.
/// </summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var epochs = new Option<int>("--epochs") { Description = "EOSnet epochs (small budget for a demo)", DefaultValueFactory = _ => 8 };
        var train = new Option<int>("--train-size") { Description = "Training structures taken from fold 0's training part", DefaultValueFactory = _ => 4000 };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "eosnet-demo" };
        var cmd = new Command("demo", "Train EOSnet on Matbench perovskites fold 0, compare with FastTree, plot") { epochs, train, output };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var sw = Stopwatch.StartNew();
            var path = DataDirectory.Require("matbench_perovskites.json.gz", r.GetValue(g.DataDir));
            var data = Dataset.Load(path, null, strict: true);
            var folds = data.FoldOfRecords();
            int budget = r.GetValue(train);
            var trainRecords = data.Records.Where((_, i) => folds[i] != 0).Take(budget).ToList();
            var testRecords = data.Records.Where((_, i) => folds[i] == 0).ToList();
            var dir = r.GetValue(output)!;
            Directory.CreateDirectory(dir);
            o.Line($"EOSnet demo: matbench_perovskites (subset shipped in the data folder), fold 0: {trainRecords.Count} training structures (of {folds.Count(f => f != 0)}), {testRecords.Count} test structures");
            var ml = new MLContext(42);
            var featurizers = EosNetWorkflow.Featurizers(ml).Append(ml.Transforms.PoolFingerprints());
            var trainRaw = ml.Data.LoadFromCrystals(trainRecords);
            var fitted = featurizers.Fit(trainRaw);
            var trainView = ml.Data.Cache(fitted.Transform(trainRaw));
            var testView = ml.Data.Cache(fitted.Transform(ml.Data.LoadFromCrystals(testRecords)));
            o.Line($"featurized in {sw.Elapsed.TotalSeconds:F1} s");
            var settings = TrainingRun.Create(new EosNetTrainerOptions { Epochs = r.GetValue(epochs), BatchSize = 64, WarmupEpochs = 2, Seed = 42 });
            var eosnet = EosNetWorkflow.Trainer(ml, ModelTask.Regression, settings, EosNetWorkflow.EpochPrinter(o, ModelTask.Regression)).Fit(trainView);
            var eosScored = eosnet.Transform(testView);
            var eos = FoldEvaluator.Metrics(ml, eosScored, ModelTask.Regression);
            var tree = ml.Regression.Trainers.FastTree().Fit(trainView);
            var treeMetrics = FoldEvaluator.Metrics(ml, tree.Transform(testView), ModelTask.Regression);
            var (_, labels, scores, _) = EosNetWorkflow.Read(eosScored, ModelTask.Regression);
            var parity = Path.Combine(dir, "parity_eosnet_fold0.png");
            ParityPlot.Save(parity, labels, scores, "EOSnet, matbench_perovskites fold 0", "eV/cell");
            ml.Model.Save(fitted.Append(eosnet), trainRaw.Schema, Path.Combine(dir, "model.zip"));
            double meanMae = labels.Average(l => Math.Abs(l - trainRecords.Average(t => t.Target!.Value)));
            var table = new Table().AddColumns("model", "test MAE (eV/cell)", "RMSE", "R²");
            table.AddRow("EOSnet", $"{eos["MAE"]:F4}", $"{eos["RMSE"]:F4}", $"{eos["R2"]:F3}");
            table.AddRow("FastTree (pooled GOM)", $"{treeMetrics["MAE"]:F4}", $"{treeMetrics["RMSE"]:F4}", $"{treeMetrics["R2"]:F3}");
            table.AddRow("predict the training mean", $"{meanMae:F4}", "-", "-");
            o.Render(table);
            o.Line($"EOSnet: {settings.Trainer.Epochs} epochs, batch {settings.Trainer.BatchSize}. Parity plot: {parity}. Model: {Path.Combine(dir, "model.zip")}. Total {sw.Elapsed.TotalSeconds:F0} s.");
            o.Record(new { kind = "demo", eosnet = eos, fasttree = treeMetrics, mean = meanMae, seconds = sw.Elapsed.TotalSeconds });
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
