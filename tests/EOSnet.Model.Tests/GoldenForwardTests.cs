using EOSnet.Featurization;
using EOSnet.TestSupport;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests;

public class GoldenForwardTests
{
    internal static CrystalGraph Graph(GoldenGraphInput g) =>
        new(g.Name, g.AtomicNumbers, g.Fingerprints, 66, g.NeighborIndices, g.NeighborDistances, 12);

    internal static EosNetModel Load(string golden, ModelTask task)
    {
        var w = GoldenModel.Load(golden);
        return EosNetModel.FromStateDict(new EosNetArchitecture { Task = task }, new TargetNormalizer(w.Mean, w.Std), w.StateDict);
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{what}: {actual} vs golden {expected}");

    [SharedDataFact]
    public void Regression_checkpoint_reproduces_every_golden_prediction_and_trace()
    {
        using var model = Load(GoldenModel.Regression, ModelTask.Regression);
        Assert.Equal(99_841, model.Network.ParameterCount);
        using var preds = GoldenModel.Predictions(GoldenModel.Regression);
        var names = preds.RootElement.GetProperty("predictions").EnumerateObject().Select(p => p.Name).ToList();
        var graphs = names.Select(n => Graph(GoldenGraphInput.Load(n))).ToList();
        var batched = model.Predict(graphs);
        for (int k = 0; k < names.Count; k++)
        {
            var p = preds.RootElement.GetProperty("predictions").GetProperty(names[k]);
            Close(p.GetProperty("prediction").GetDouble(), batched[k].Value, names[k]);
            var single = model.Predict(new[] { graphs[k] })[0];
            Assert.Equal(batched[k].Value, single.Value, 4);
        }
        foreach (var traced in preds.RootElement.GetProperty("traces").EnumerateObject())
        {
            using var batch = GraphBatch.Collate(new[] { Graph(GoldenGraphInput.Load(traced.Name)) });
            using var _ = no_grad();
            foreach (var (name, value) in model.Network.Trace(batch))
            {
                var expected = traced.Value.GetProperty(name);
                var flat = expected.ValueKind == System.Text.Json.JsonValueKind.Array && expected[0].ValueKind == System.Text.Json.JsonValueKind.Array
                    ? expected.ToMatrix().SelectMany(r => r).ToArray() : expected.ValueKind == System.Text.Json.JsonValueKind.Array ? expected.ToDoubles() : new[] { expected.GetDouble() };
                var ours = value.data<float>().ToArray();
                Assert.Equal(flat.Length, ours.Length);
                for (int i = 0; i < ours.Length; i++) Close(flat[i], ours[i], $"{traced.Name}.{name}[{i}]");
            }
        }
    }

    [SharedDataFact]
    public void Classification_checkpoint_reproduces_the_golden_log_softmax()
    {
        using var model = Load(GoldenModel.Classification, ModelTask.BinaryClassification);
        Assert.Equal(99_970, model.Network.ParameterCount);
        using var preds = GoldenModel.Predictions(GoldenModel.Classification);
        foreach (var p in preds.RootElement.GetProperty("predictions").EnumerateObject())
        {
            var ls = p.Value.GetProperty("log_softmax").ToDoubles();
            var ours = model.Predict(new[] { Graph(GoldenGraphInput.Load(p.Name)) })[0];
            Close(ls[1] - ls[0], ours.Logit, p.Name + " logit");
            Close(p.Value.GetProperty("prob_class1").GetDouble(), ours.Probability, p.Name + " p");
        }
    }

    [Fact]
    public void Learning_rate_schedule_matches_the_reference_table()
    {
        var o = new TrainingOptions();
        Assert.Equal(1e-4, o.LearningRateAt(0), 12);
        Assert.Equal(9.55e-4, o.LearningRateAt(19), 12);
        Assert.Equal(1e-3, o.LearningRateAt(20), 12);
        Assert.Equal(1e-3, o.LearningRateAt(119), 12);
        Assert.Equal(1e-4, o.LearningRateAt(120), 12);
        Assert.Equal(1e-5, o.LearningRateAt(220), 12);
        Assert.Equal(1e-6, o.LearningRateAt(420), 12);
    }
}
