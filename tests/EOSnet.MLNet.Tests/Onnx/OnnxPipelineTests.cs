using EOSnet.MLNet.Onnx;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.Onnx;

public class OnnxPipelineTests
{
    private sealed class GraphRow
    {
        public string Id { get; set; } = "";
        public float Label { get; set; }
        public int[] AtomicNumbers { get; set; } = Array.Empty<int>();
        public float[] AtomFingerprints { get; set; } = Array.Empty<float>();
        public int[] NeighborIndices { get; set; } = Array.Empty<int>();
        public double[] NeighborDistances { get; set; } = Array.Empty<double>();
    }

    private static (IDataView Data, Dictionary<string, double> Expected) GoldenData(MLContext ml)
    {
        using var preds = GoldenModel.Predictions(GoldenModel.Regression);
        var rows = new List<GraphRow>();
        var expected = new Dictionary<string, double>();
        foreach (var p in preds.RootElement.GetProperty("predictions").EnumerateObject())
        {
            var g = GoldenGraphInput.Load(p.Name);
            expected[p.Name] = p.Value.GetProperty("prediction").GetDouble();
            rows.Add(new GraphRow { Id = p.Name, Label = (float)expected[p.Name], AtomicNumbers = g.AtomicNumbers, AtomFingerprints = g.Fingerprints, NeighborIndices = g.NeighborIndices, NeighborDistances = g.NeighborDistances });
        }
        return (ml.Data.LoadFromEnumerable(rows), expected);
    }

    [SharedDataFact]
    public void ApplyOnnxModel_scores_crystals_of_different_sizes_and_survives_save_and_load()
    {
        var ml = new MLContext(1);
        var (data, expected) = GoldenData(ml);
        var bytes = EosNetOnnxExporter.Export(OnnxExportGoldenTests.Spec(GoldenModel.Load(GoldenModel.Regression)));
        var logs = new List<string>();
        var model = ml.Transforms.ApplyEosNetOnnxModel(bytes, classification: false, gpuDeviceId: 0, fallbackToCpu: true, log: logs.Add).Fit(data);
        Assert.Single(logs);
        Assert.Contains("ONNX scoring on", logs[0]);

        void Check(ITransformer m, IDataView d)
        {
            var scored = m.Transform(d);
            var ids = scored.GetColumn<string>("Id").ToList();
            var scores = scored.GetColumn<float>("Score").ToList();
            Assert.Equal(21, scores.Count);
            for (int i = 0; i < ids.Count; i++)
                Assert.True(Math.Abs(scores[i] - expected[ids[i]]) < 1e-4, $"{ids[i]}: {scores[i]} vs {expected[ids[i]]}");
            var metrics = ml.Regression.Evaluate(scored);
            Assert.True(metrics.MeanAbsoluteError < 1e-4);
        }

        Check(model, data);
        using var ms = new MemoryStream();
        ml.Model.Save(model, data.Schema, ms);
        ms.Position = 0;
        var fresh = new MLContext(2);
        var loaded = fresh.Model.Load(ms, out _); // ONNX + custom mapping need no registration
        Check(loaded, GoldenData(fresh).Data);
    }

    [Fact]
    public void ApplyOnnxModel_of_a_model_trained_on_the_fixture_scores_like_torchsharp_and_survives_save_and_load()
    {
        var ml = new MLContext(1);
        var records = TestFixtures.MaterialsProject();
        var data = ml.Data.LoadFromCrystals(records);
        var featurizers = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(data);
        var featurized = ml.Data.Cache(featurizers.Transform(data));
        var predictor = ml.Regression.Trainers.EosNet(new EosNetTrainerOptions { Epochs = 2, BatchSize = 16, WarmupEpochs = 1, Seed = 4, Threads = 2, Device = "cpu" }).Fit(featurized);
        var torch = predictor.Transform(featurized).GetColumn<float>("Score").ToArray();
        using var bytes = new MemoryStream();
        predictor.ExportOnnx(bytes);
        var logs = new List<string>();
        var onnx = ml.Transforms.ApplyEosNetOnnxModel(bytes.ToArray(), classification: false, log: logs.Add).Fit(featurized);
        Assert.Single(logs);

        void Check(ITransformer m, IDataView d)
        {
            var scored = m.Transform(d);
            var ids = scored.GetColumn<string>("Id").ToList();
            var scores = scored.GetColumn<float>("Score").ToList();
            Assert.Equal(records.Select(r => r.Id), ids);
            for (int i = 0; i < scores.Count; i++)
                Assert.True(Math.Abs(scores[i] - torch[i]) <= 1e-4 * Math.Max(1, Math.Abs(torch[i])), $"{ids[i]} ({records[i].Crystal.Count} atoms): ONNX {scores[i]} vs TorchSharp {torch[i]}");
        }

        Check(onnx, featurized);
        using var ms = new MemoryStream();
        ml.Model.Save(onnx, featurized.Schema, ms);
        ms.Position = 0;
        var fresh = new MLContext(2);
        var loaded = fresh.Model.Load(ms, out _); // ONNX + custom mapping need no registration
        Check(loaded, featurized);
    }

    [Fact]
    public void Cpu_is_reported_when_no_gpu_is_requested()
    {
        Assert.Equal("CPU", OnnxCatalogExtensions.DescribeProvider(null, true));
        var withGpu = OnnxCatalogExtensions.DescribeProvider(0, true);
        Assert.True(withGpu.StartsWith("CPU (CUDA unavailable", StringComparison.Ordinal) || withGpu.StartsWith("CUDA", StringComparison.Ordinal), withGpu);
    }
}
