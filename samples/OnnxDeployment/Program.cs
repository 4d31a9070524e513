// Train, export the network to ONNX, score the same crystals with ONNX Runtime through ML.NET's ApplyOnnxModel
// (CUDA when present, else CPU) and check both engines agree.
using EOSnet.Crystals.IO;
using EOSnet.MLNet;
using EOSnet.MLNet.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;

string data = Environment.GetEnvironmentVariable("EOSNET_DATA_DIR") ?? Path.Combine("..", "..", "..", "shared", "data");
var records = new MatbenchJsonReader(Path.Combine(data, "matbench_perovskites.json.gz")).Read().Take(400).ToList();
var ml = new MLContext(seed: 0);
var input = ml.Data.LoadFromCrystals(records);
var featurizers = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(input);
var graphs = ml.Data.Cache(featurizers.Transform(input));
var options = EosNetPresets.Best(epochs: 3);
options.Threads = 2;
var predictor = ml.Regression.Trainers.EosNet(options).Fit(graphs);

using var onnx = new MemoryStream();
predictor.ExportOnnx(onnx);
File.WriteAllBytes("eosnet.onnx", onnx.ToArray());
Console.WriteLine($"exported eosnet.onnx ({onnx.Length / 1024} KiB)");

var onnxScores = ml.Transforms.ApplyEosNetOnnxModel(onnx.ToArray(), classification: false).Fit(graphs).Transform(graphs).GetColumn<float>("Score").ToArray();
var torchScores = predictor.Transform(graphs).GetColumn<float>("Score").ToArray();
double maxDiff = onnxScores.Zip(torchScores, (a, b) => Math.Abs(a - b)).Max();
Console.WriteLine($"{onnxScores.Length} crystals scored by ONNX Runtime on {OnnxCatalogExtensions.LastProvider}; largest difference from TorchSharp {maxDiff:E2} eV/cell");
if (maxDiff > 1e-3) throw new Exception("ONNX and TorchSharp disagree");
Console.WriteLine("ONNX deployment finished");
