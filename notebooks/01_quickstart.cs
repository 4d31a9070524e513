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
// # Quick start: EOSnet in an ML.NET pipeline
//
// Load Matbench perovskites (a small real subset, so this runs in a couple of minutes on 2 cores), hold out the
// official fold 0, featurize (GOM fingerprints + crystal graph), train EOSnet, evaluate, plot, save and reload.

// %%
string path = DataFile("matbench_perovskites.json.gz");
var folds = MatbenchFolds.Load(path.Replace(".json.gz", ".folds.json"));
var records = new MatbenchJsonReader(path).Read().Take(1500).ToList();
var train = records.Where(r => folds.FoldOf(r.Id) != 0).ToList();
var test = records.Where(r => folds.FoldOf(r.Id) == 0).ToList();
var ml = new MLContext(seed: 0);
var trainData = ml.Data.LoadFromCrystals(train);
Console.WriteLine($"{train.Count} training and {test.Count} test structures; columns: {string.Join(", ", trainData.Schema.Select(c => c.Name))}");

// %% [markdown]
// The pipeline: `ComputeGomFingerprints` → `BuildCrystalGraph` → `Regression.Trainers.EosNet` with the `CosineAverage` preset
// (10 epochs here): the short-budget recipe with a cosine learning-rate decay and an average of the weights, chosen on
// validation MAE (docs/recipes.md). `EosNetPresets.Paper()` is the authors' 500-epoch recipe.

// %%
var options = EosNetPresets.CosineAverage(epochs: 10);
options.Threads = 2;
options.OnEpochEnd = e => Console.WriteLine($"epoch {e.Epoch + 1,2}  loss {e.TrainLoss:F4}  val MAE {e.ValidationMae:F4}");
var pipeline = ml.Transforms.ComputeGomFingerprints()
    .Append(ml.Transforms.BuildCrystalGraph())
    .AppendCacheCheckpoint(ml)
    .Append(ml.Regression.Trainers.EosNet(options));
var model = pipeline.Fit(trainData);

// %%
var scored = model.Transform(ml.Data.LoadFromCrystals(test));
var metrics = ml.Regression.Evaluate(scored);
Console.WriteLine($"test MAE {metrics.MeanAbsoluteError:F4} eV/cell, R² {metrics.RSquared:F3}");
var truth = scored.GetColumn<float>("Label").Select(x => (double)x).ToList();
var predicted = scored.GetColumn<float>("Score").Select(x => (double)x).ToList();
ParityPlot.Save("quickstart_parity.png", truth, predicted, "EOSnet on perovskites (fold 0 of a 1,500-structure subset)", "eV/cell");
Show("quickstart_parity.png");

// %% [markdown]
// Save the whole pipeline (featurizers + network) in an ML.NET model zip, load it in a fresh context and predict one
// crystal with a `PredictionEngine`.

// %%
ml.Model.Save(model, trainData.Schema, "quickstart_model.zip");
var fresh = new MLContext(seed: 1).RegisterEosNet();
var loaded = fresh.Model.Load("quickstart_model.zip", out _);
var engine = fresh.Model.CreatePredictionEngine<CrystalInput, ScorePrediction>(loaded);
var first = test[0];
Console.WriteLine($"{first.Id}: target {first.Target:F3}, predicted {engine.Predict(CrystalInput.From(first.Crystal)).Score:F3} eV/cell");
if (Math.Abs(engine.Predict(CrystalInput.From(first.Crystal)).Score - predicted[0]) > 1e-3) throw new Exception("reloaded model differs");

// %% [types]
/// <summary>The Score column of a prediction.</summary>
public sealed class ScorePrediction
{
    public float Score { get; set; }
}
