// %% [setup]
#:package EOSnet.MLNet@0.1.0
#:package EOSnet.MLNet.Evaluation@0.1.0
#:package EOSnet.MLNet.Plots@0.1.0
#:property WarningsAsErrors=
using EOSnet.Crystals.IO;
using EOSnet.MLNet;
using EOSnet.MLNet.Evaluation;
using EOSnet.Model;
using Microsoft.Data.Analysis;
using Microsoft.ML;
static string DataFile(string name) => Path.Combine(Environment.GetEnvironmentVariable("EOSNET_DATA_DIR") ?? Path.Combine("..", "..", "shared", "data"), name);
static void Show(string png) => Console.WriteLine($"[plot] {Path.GetFullPath(png)}");

// %% [markdown]
// # EOSnet vs FastTree, LightGbm and Sdca on the same folds
//
// The baselines see pooled GOM fingerprints and the composition (`PoolFingerprints`); EOSnet sees the crystal graph.
// Every model is cross-validated on the same official Matbench folds (here folds 0 and 1 of a 500-structure
// subset of `matbench_log_kvrh`, EOSnet with a 6-epoch budget).

// %%
string path = DataFile("matbench_log_kvrh.json.gz");
var folds = MatbenchFolds.Load(path.Replace(".json.gz", ".folds.json"));
var records = new MatbenchJsonReader(path).Read().Take(500).ToList();
var ml = new MLContext(seed: 0);
var frame = CrystalDataFrame.FromRecords(ml, records);
frame.Columns.Add(new Int32DataFrameColumn("Fold", records.Select(r => folds.FoldOf(r.Id))));
var data = ml.Data.Cache(ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Append(ml.Transforms.PoolFingerprints())
    .Fit(frame).Transform(frame));

// %%
EosNetTrainerOptions Quick() { var o = EosNetPresets.Best(epochs: 6); o.Threads = 2; return o; }
var models = new (string, Func<int, IEstimator<ITransformer>>)[]
{
    ("EOSnet", _ => ml.Regression.Trainers.EosNet(Quick())),
    ("FastTree", _ => ml.Regression.Trainers.FastTree()),
    ("LightGbm", _ => ml.Regression.Trainers.LightGbm()),
    ("Sdca", _ => ml.Transforms.NormalizeMinMax("Features").Append(ml.Regression.Trainers.Sdca())),
};
var table = ModelComparison.Run(ml, data, "Fold", folds.Count, ModelTask.Regression, models, folds: new[] { 0, 1 }, progress: Console.WriteLine);
Console.WriteLine(table.ToMarkdown());

// %%
var plot = new ScottPlot.Plot();
var bars = table.Results.Select((r, i) => new ScottPlot.Bar { Position = i, Value = r.Mean("MAE"), Error = r.Std("MAE") }).ToList();
plot.Add.Bars(bars);
plot.Axes.Bottom.SetTicks(Enumerable.Range(0, table.Results.Count).Select(i => (double)i).ToArray(), table.Results.Select(r => r.Model).ToArray());
plot.YLabel("test MAE, log10(GPa)");
plot.Title("log_kvrh subset, folds 0-1");
plot.SavePng("compare_mae.png", 700, 450);
Show("compare_mae.png");
