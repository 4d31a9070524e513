// %% [setup]
#:package EOSnet.MLNet@0.1.0
#:package EOSnet.MLNet.Plots@0.1.0
#:property WarningsAsErrors=
using EOSnet.Crystals.IO;
using EOSnet.MLNet;
using EOSnet.MLNet.Plots;
using Microsoft.ML;
using Microsoft.ML.Data;
static string DataFile(string name) => Path.Combine(Environment.GetEnvironmentVariable("EOSNET_DATA_DIR") ?? Path.Combine("..", "..", "shared", "data"), name);
static void Show(string png) => Console.WriteLine($"[plot] {Path.GetFullPath(png)}");

// %% [markdown]
// # Metal or non-metal? EOSnet as a binary classifier
//
// `matbench_mp_is_metal` (the first 1,000 structures, official fold 0 held out), balanced class weights, 6 epochs;
// the ROC curve and its AUC on the held-out fold.

// %%
string path = DataFile("matbench_mp_is_metal.json.gz");
var folds = MatbenchFolds.Load(path.Replace(".json.gz", ".folds.json"));
var records = new MatbenchJsonReader(path).Read().Take(1000).ToList();
var train = records.Where(r => folds.FoldOf(r.Id) != 0).ToList();
var test = records.Where(r => folds.FoldOf(r.Id) == 0).ToList();
Console.WriteLine($"{train.Count} training structures, {train.Count(r => r.Target == 1)} metals");
var ml = new MLContext(seed: 0);

// %%
var options = EosNetPresets.Best(epochs: 6);
options.Threads = 2;
var model = ml.Transforms.ComputeGomFingerprints()
    .Append(ml.Transforms.BuildCrystalGraph())
    .AppendCacheCheckpoint(ml)
    .Append(ml.BinaryClassification.Trainers.EosNet(options))
    .Fit(ml.Data.LoadFromCrystals(train, CrystalLabelKind.Binary));
var scored = model.Transform(ml.Data.LoadFromCrystals(test, CrystalLabelKind.Binary));
var metrics = ml.BinaryClassification.Evaluate(scored);
Console.WriteLine($"test AUC {metrics.AreaUnderRocCurve:F3}, accuracy {metrics.Accuracy:F3}, F1 {metrics.F1Score:F3}");

// %%
var labels = scored.GetColumn<bool>("Label").ToList();
var probabilities = scored.GetColumn<float>("Probability").Select(p => (double)p).ToList();
double auc = RocPlot.Save("metal_roc.png", labels, probabilities, "EOSnet, mp_is_metal subset, fold 0");
Console.WriteLine($"ROC AUC from the curve: {auc:F3}");
Show("metal_roc.png");
