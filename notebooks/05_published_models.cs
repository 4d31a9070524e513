// %% [setup]
#:package EOSnet.MLNet@0.1.0
#:package EOSnet.Models@0.1.0
#:property WarningsAsErrors=
using EOSnet.Crystals.IO;
using EOSnet.MLNet;
using EOSnet.Models;
using Microsoft.ML;
using Microsoft.ML.Data;
static string DataFile(string name) => Path.Combine(Environment.GetEnvironmentVariable("EOSNET_DATA_DIR") ?? Path.Combine("..", "..", "shared", "data"), name);

// %% [markdown]
// # Predict with a published model, then fine-tune it on your own data
//
// The `EOSnet.Models` package ships the EOSnet authors' 17 published models (MIT). Each is a complete ML.NET model —
// GOM fingerprints → crystal graph of the model's era → network — that predicts at once, offline.

// %%
foreach (var entry in EosNetModels.All.Take(6))
    Console.WriteLine($"{entry.Name,-18} {entry.Target} ({entry.Units}), {entry.DataSet}; authors: {entry.ReportedMetric}");
var ml = new MLContext(seed: 0);
var eform = EosNetModels.Load(ml, EosNetModelNames.Mp2018Eform);

// %% [markdown]
// Formation energies of Materials Project structures the model was trained on (the authors' MP2018 training split):
// the published model should be close to the DFT values.

// %%
var mp = new ExtxyzReader(DataFile("eosnet_mp2018_eform_train.extxyz.gz")).Read().Take(200).ToList();
var scoredMp = eform.Transform(ml.Data.LoadFromCrystals(mp));
var mpMetrics = ml.Regression.Evaluate(scoredMp);
Console.WriteLine($"mp2018-eform on 200 MP2018 training structures: MAE {mpMetrics.MeanAbsoluteError:F4} eV/atom");
if (mpMetrics.MeanAbsoluteError > 0.1) throw new Exception("the published model should reproduce its training data closely");

// %% [markdown]
// Fine-tuning: a different target (the formation energy per cell of cubic perovskites) from only 300 structures.
// `InitialModel` starts the network from the published weights (fresh target normaliser and optimiser, as the authors
// fine-tune); the same budget from random weights is the baseline. The learning curves of this comparison over 5 folds
// are in docs/accuracy.md.

// %%
string path = DataFile("matbench_perovskites.json.gz");
var folds = MatbenchFolds.Load(path.Replace(".json.gz", ".folds.json"));
var records = new MatbenchJsonReader(path).Read().Take(1500).ToList();
var train = records.Where(r => folds.FoldOf(r.Id) != 0).Take(300).ToList();
var test = records.Where(r => folds.FoldOf(r.Id) == 0).ToList();
var featurize = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph());
double TestMae(EosNetInitialModel? initial)
{
    var options = new EosNetTrainerOptions { Epochs = 8, BatchSize = 32, WarmupEpochs = 1, Milestones = [100], Seed = 1, Threads = 2, InitialModel = initial };
    var model = featurize.AppendCacheCheckpoint(ml).Append(ml.Regression.Trainers.EosNet(options)).Fit(ml.Data.LoadFromCrystals(train));
    return ml.Regression.Evaluate(model.Transform(ml.Data.LoadFromCrystals(test))).MeanAbsoluteError;
}
double scratch = TestMae(null);
double fineTuned = TestMae(EosNetInitialModel.FromTransformer(eform));
Console.WriteLine($"300 perovskites, 8 epochs: test MAE from scratch {scratch:F4}, fine-tuned from mp2018-eform {fineTuned:F4} eV/cell");
