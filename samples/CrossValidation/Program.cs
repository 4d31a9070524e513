// A custom pipeline cross-validated with ML.NET's own CrossValidate: featurize once (cached), then 3 folds of
// EOSnet and of LightGbm on pooled fingerprints, grouped by structure id.
using EOSnet.Crystals.IO;
using EOSnet.MLNet;
using Microsoft.ML;

string data = Environment.GetEnvironmentVariable("EOSNET_DATA_DIR") ?? Path.Combine("..", "..", "..", "shared", "data");
var records = new MatbenchJsonReader(Path.Combine(data, "matbench_log_gvrh.json.gz")).Read().Take(600).ToList();
var ml = new MLContext(seed: 0);
var featurized = ml.Data.Cache(ml.Transforms.ComputeGomFingerprints()
    .Append(ml.Transforms.BuildCrystalGraph())
    .Append(ml.Transforms.PoolFingerprints())
    .Fit(ml.Data.LoadFromCrystals(records))
    .Transform(ml.Data.LoadFromCrystals(records)));

var options = EosNetPresets.Best(epochs: 5);
options.Threads = 2;
var eosnet = ml.Regression.CrossValidate(featurized, ml.Regression.Trainers.EosNet(options), numberOfFolds: 3, samplingKeyColumnName: "Id", seed: 1);
var lightGbm = ml.Regression.CrossValidate(featurized, ml.Regression.Trainers.LightGbm(), numberOfFolds: 3, samplingKeyColumnName: "Id", seed: 1);
foreach (var (name, folds) in new[] { ("EOSnet", eosnet), ("LightGbm", lightGbm) })
    Console.WriteLine($"{name,-8} MAE per fold: {string.Join(", ", folds.Select(f => f.Metrics.MeanAbsoluteError.ToString("F4")))}; mean {folds.Average(f => f.Metrics.MeanAbsoluteError):F4} log10(GPa)");
Console.WriteLine("cross-validation finished");
