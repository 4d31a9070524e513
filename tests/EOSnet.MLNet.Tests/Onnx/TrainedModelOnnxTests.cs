using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.MLNet.Onnx;
using EOSnet.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace EOSnet.MLNet.Tests.Onnx;

public class TrainedModelOnnxTests
{
    [SharedDataTheory]
    [InlineData(ModelTask.Regression)]
    [InlineData(ModelTask.BinaryClassification)]
    public void Onnx_export_of_a_trained_model_equals_torchsharp_on_structures_of_different_sizes(ModelTask task)
    {
        var names = new[] { "cu_fcc_prim_1atom", "si_diamond_prim", "srtio3_cubic", "cif_7206075", "batio3_222_rattled", "tio2_anatase_221_rattled" };
        var f = new CrystalFeaturizer();
        var graphs = names.Select(n => { using var g = GoldenStructure.Load(n); return f.Featurize(g.Crystal)!; }).ToList();
        TrainExportAndCompare(task, names, graphs);
    }

    /// <summary>The same check on the committed fixture: one structure of each of six cell sizes (2 to 12 atoms).</summary>
    [Theory]
    [InlineData(ModelTask.Regression)]
    [InlineData(ModelTask.BinaryClassification)]
    public void Onnx_export_of_a_trained_model_equals_torchsharp_on_fixture_structures_of_different_sizes(ModelTask task)
    {
        var picked = TestFixtures.MaterialsProject().GroupBy(r => r.Crystal.Count).OrderBy(g => g.Key).Select(g => g.First())
            .Where((_, i) => i % 2 == 0).Take(6).ToList();
        Assert.Equal(6, picked.Select(r => r.Crystal.Count).Distinct().Count());
        var f = new CrystalFeaturizer();
        TrainExportAndCompare(task, picked.Select(r => r.Id).ToArray(), picked.Select(r => f.Featurize(r.Crystal)!).ToList());
    }

    private static void TrainExportAndCompare(ModelTask task, string[] names, List<CrystalGraph> graphs)
    {
        var targets = graphs.Select((g, i) => task == ModelTask.Regression ? 0.3 * i - 1 : i % 2).Select(v => (double)v).ToList();
        using var model = EosNetTraining.Train(new TrainingData(graphs, targets), null, new EosNetArchitecture { Task = task },
            new TrainingOptions { Epochs = 3, BatchSize = 3, WarmupEpochs = 1, Seed = 5, Device = "cpu" });
        var torch = model.Predict(graphs);
        var spec = new EosNetModelParameters(model).OnnxSpec();
        using var session = new InferenceSession(EosNetOnnxExporter.Export(spec));
        for (int k = 0; k < graphs.Count; k++)
        {
            var input = new GoldenGraphInput(names[k], graphs[k].AtomicNumbers, graphs[k].AtomFingerprints, graphs[k].NeighborIndices, graphs[k].NeighborDistances);
            float onnx = OnnxExportGoldenTests.Run(session, input, EosNetOnnxExporter.ScoreOutput)[0];
            float expected = task == ModelTask.Regression ? torch[k].Value : torch[k].Logit;
            Assert.True(Math.Abs(onnx - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"{names[k]} ({graphs[k].AtomCount} atoms): ONNX {onnx} vs TorchSharp {expected}");
        }
    }
}
