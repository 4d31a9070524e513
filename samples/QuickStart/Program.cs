// Quick start: Matbench perovskites → GOM fingerprints + crystal graph → EOSnet → MAE → save, load, predict one.
using EOSnet.Crystals.IO;
using EOSnet.MLNet;
using Microsoft.ML;

string data = Environment.GetEnvironmentVariable("EOSNET_DATA_DIR") ?? Path.Combine("..", "..", "..", "shared", "data");
var records = new MatbenchJsonReader(Path.Combine(data, "matbench_perovskites.json.gz")).Read().Take(800).ToList();
var ml = new MLContext(seed: 0);
var split = ml.Data.TrainTestSplit(ml.Data.LoadFromCrystals(records), testFraction: 0.2, seed: 0);

var options = EosNetPresets.Best(epochs: 6);
options.Threads = 2;
var model = ml.Transforms.ComputeGomFingerprints()
    .Append(ml.Transforms.BuildCrystalGraph())
    .AppendCacheCheckpoint(ml)
    .Append(ml.Regression.Trainers.EosNet(options))
    .Fit(split.TrainSet);
var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
Console.WriteLine($"test MAE {metrics.MeanAbsoluteError:F4} eV/cell (R² {metrics.RSquared:F3})");

ml.Model.Save(model, split.TrainSet.Schema, "quickstart.zip");
var loaded = new MLContext(seed: 1).RegisterEosNet().Model.Load("quickstart.zip", out _);
var engine = ml.Model.CreatePredictionEngine<CrystalInput, Prediction>(loaded);
Console.WriteLine($"{records[0].Id}: predicted {engine.Predict(CrystalInput.From(records[0].Crystal)).Score:F3}, target {records[0].Target:F3} eV/cell");
Console.WriteLine("quick start finished");

/// <summary>The score of one crystal.</summary>
public sealed class Prediction
{
    /// <summary>Predicted formation energy (eV/cell).</summary>
    public float Score { get; set; }
}
