using EOSnet.Featurization;
using EOSnet.MLNet.Onnx;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.Reliability;

/// <summary>
/// Inference gives the undisturbed answers while collections run without pause, from one caller and from many:
/// <c>Transform</c>, <c>PredictBatch</c>, <c>PredictionEngine</c> and ONNX scoring through <c>ApplyOnnxModel</c>.
/// </summary>
[Trait("Category", "GcPressure")]
public class InferenceUnderCollectionsTests
{
    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }

    /// <summary>A trained pipeline, its ONNX twin and their undisturbed answers, built once for the class.</summary>
    private sealed class Fixture
    {
        public required MLContext Ml { get; init; }
        public required List<Crystals.CrystalRecord> Records { get; init; }
        public required IDataView Data { get; init; }
        public required ITransformer Model { get; init; }
        public required EosNetPredictionTransformer Predictor { get; init; }
        public required List<CrystalGraph> Graphs { get; init; }
        public required ITransformer Onnx { get; init; }
        public required IDataView Featurized { get; init; }
        public required float[] TransformScores { get; init; }
        public required float[] SingleScores { get; init; }
        public required float[] OnnxScores { get; init; }
    }

    private static readonly Lazy<Fixture> Trained = new(() =>
    {
        var ml = new MLContext(1);
        var records = TestFixtures.MaterialsProject();
        var data = ml.Data.LoadFromCrystals(records);
        var featurizers = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(data);
        var featurized = ml.Data.Cache(featurizers.Transform(data));
        var options = EosNetPresets.Best(epochs: 2);
        options.Threads = 2;
        options.Device = "cpu";
        var predictor = ml.Regression.Trainers.EosNet(options).Fit(featurized);
        var model = featurizers.Append(predictor);
        using var onnxBytes = new MemoryStream();
        predictor.ExportOnnx(onnxBytes);
        var onnx = ml.Transforms.ApplyEosNetOnnxModel(onnxBytes.ToArray(), classification: false, log: _ => { }).Fit(featurized);
        var featurizer = new CrystalFeaturizer();
        var graphs = records.Select(r => featurizer.Featurize(r.Crystal)!).ToList();
        var engine = ml.Model.CreatePredictionEngine<CrystalInput, ScoreRow>(model);
        return new Fixture
        {
            Ml = ml, Records = records, Data = data, Model = model, Predictor = predictor, Graphs = graphs, Onnx = onnx, Featurized = featurized,
            TransformScores = Scores(model.Transform(data)),
            SingleScores = records.Select(r => engine.Predict(CrystalInput.From(r.Crystal)).Score).ToArray(),
            OnnxScores = Scores(onnx.Transform(featurized)),
        };
    });

    private static float[] Scores(IDataView scored) => scored.GetColumn<float>("Score").ToArray();

    [Fact]
    public void One_caller_gets_the_undisturbed_answers_while_collections_run()
    {
        var f = Trained.Value;
        using var collections = new NonstopCollections();
        for (int round = 0; round < 2; round++)
        {
            Assert.Equal(f.TransformScores, Scores(f.Model.Transform(f.Data)));
            Assert.Equal(f.TransformScores, f.Predictor.PredictBatch(f.Graphs).Select(p => p.Value).ToArray());
            var engine = f.Ml.Model.CreatePredictionEngine<CrystalInput, ScoreRow>(f.Model);
            Assert.Equal(f.SingleScores, f.Records.Select(r => engine.Predict(CrystalInput.From(r.Crystal)).Score).ToArray());
            Assert.Equal(f.OnnxScores, Scores(f.Onnx.Transform(f.Featurized)));
        }
        Assert.True(collections.Count > 0, "no collection ran during the test");
    }

    [Fact]
    public async Task Concurrent_callers_get_the_undisturbed_answers_while_collections_run()
    {
        var f = Trained.Value;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        void Expect(float[] expected, float[] actual, string what)
        {
            if (expected.Length != actual.Length) { failures.Add($"{what}: {actual.Length} scores, expected {expected.Length}"); return; }
            for (int i = 0; i < expected.Length; i++)
                if (Math.Abs(expected[i] - actual[i]) > 1e-5f * Math.Max(1, Math.Abs(expected[i])))
                    failures.Add($"{what}: row {i} got {actual[i]}, undisturbed {expected[i]}");
        }
        using (new NonstopCollections())
        {
            // 8 callers, each with its own PredictionEngine (ML.NET's engines are per thread), sharing the transformers.
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
            {
                var rng = new Random(w);
                var engine = f.Ml.Model.CreatePredictionEngine<CrystalInput, ScoreRow>(f.Model);
                for (int call = 0; call < 6; call++)
                {
                    switch ((w + call) % 4)
                    {
                        case 0:
                            Expect(f.TransformScores, Scores(f.Model.Transform(f.Data)), $"worker {w} Transform");
                            break;
                        case 1:
                            var picks = Enumerable.Range(0, 1 + rng.Next(32)).Select(_ => rng.Next(f.Graphs.Count)).ToArray();
                            var batch = f.Predictor.PredictBatch(picks.Select(i => f.Graphs[i]).ToList()).Select(p => p.Value).ToArray();
                            Expect(picks.Select(i => f.SingleScores[i]).ToArray(), batch, $"worker {w} PredictBatch");
                            break;
                        case 2:
                            var rows = Enumerable.Range(0, 10).Select(_ => rng.Next(f.Records.Count)).ToArray();
                            Expect(rows.Select(i => f.SingleScores[i]).ToArray(), rows.Select(i => engine.Predict(CrystalInput.From(f.Records[i].Crystal)).Score).ToArray(), $"worker {w} PredictionEngine");
                            break;
                        default:
                            Expect(f.OnnxScores, Scores(f.Onnx.Transform(f.Featurized)), $"worker {w} ONNX");
                            break;
                    }
                }
            })).ToArray();
            var all = Task.WhenAll(workers);
            Assert.True(await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(3))) == all, "concurrent inference did not finish in 3 minutes");
            await all; // a worker's exception fails the test, as Task.WaitAll did
        }
        Assert.Empty(failures);
    }
}
