// A fresh application that uses EOSnet.MLNet as a NuGet package: featurize → train 1 epoch → save → load → predict.
// Prints one "prediction <id> <before> <after>" line per structure and "consumer finished" at the end.
using System.Globalization;
using EOSnet.Crystals.IO;
using EOSnet.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

string path = args[0];
int count = int.Parse(args[1], CultureInfo.InvariantCulture);
var records = new MatbenchJsonReader(path).Read().Take(count).ToList();
var ml = new MLContext(seed: 0);
var data = ml.Data.LoadFromCrystals(records);
var model = ml.Transforms.ComputeGomFingerprints()
    .Append(ml.Transforms.BuildCrystalGraph())
    .Append(ml.Regression.Trainers.EosNet(new EosNetTrainerOptions { Epochs = 1, BatchSize = 8, Seed = 0, Threads = 1, Device = "cpu", WarmupEpochs = 0 }))
    .Fit(data);
var before = model.Transform(data).GetColumn<float>("Score").ToArray();

string zip = Path.Combine(AppContext.BaseDirectory, "model.zip");
ml.Model.Save(model, data.Schema, zip);
var fresh = new MLContext(seed: 1).RegisterEosNet();
var loaded = fresh.Model.Load(zip, out _);
var after = loaded.Transform(fresh.Data.LoadFromCrystals(records)).GetColumn<float>("Score").ToArray();

for (int i = 0; i < records.Count; i++)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prediction {records[i].Id} {before[i]:R} {after[i]:R}"));
Console.WriteLine($"EOSnet.MLNet assembly: {typeof(EosNetTrainer).Assembly.GetName().Name}");
// ML.NET's assembly version is 1.0.0.0 in every release; the informational version is the package's ("6.0.0+sha").
string mlNet = typeof(MLContext).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion.Split('+')[0];
Console.WriteLine($"Microsoft.ML {mlNet}");
Console.WriteLine("consumer finished");
