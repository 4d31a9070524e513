using EOSnet.Crystals.IO;
using EOSnet.Featurization;
using EOSnet.TestSupport;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests;

/// <summary>The recipe options beyond the reference: cosine decay and weight averaging.</summary>
public class RecipeTests
{
    [Fact]
    public void Cosine_schedule_warms_up_as_before_then_falls_by_half_a_cosine()
    {
        var o = new TrainingOptions { Epochs = 30, WarmupEpochs = 2, Schedule = LearningRateSchedule.Cosine, LearningRate = 1e-3, Milestones = new[] { 5 } };
        Assert.Equal(1e-4, o.LearningRateAt(0), 12);
        Assert.Equal(5.5e-4, o.LearningRateAt(1), 12);
        Assert.Equal(1e-3, o.LearningRateAt(2), 12);                       // first epoch after the warm-up: lr₀
        Assert.Equal(5e-4, o.LearningRateAt(2 + 14), 12);                  // half-way through the 28 decay epochs
        Assert.Equal(1e-3 * 0.5 * (1 + Math.Cos(Math.PI * 27 / 28)), o.LearningRateAt(29), 12);
        for (int e = 3; e < 30; e++) Assert.True(o.LearningRateAt(e) < o.LearningRateAt(e - 1), $"epoch {e}");
        Assert.True(o.LearningRateAt(29) > 0);
        // Milestones belong to the multi-step schedule only.
        Assert.Equal(1e-4, (o with { Schedule = LearningRateSchedule.MultiStep }).LearningRateAt(2 + 5), 12);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Weight_average_decay_outside_zero_to_one_is_refused(double decay) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { EmaDecay = decay }.Validate());

    [Fact]
    public void Weight_average_folds_each_step_in_and_applies_and_restores_exactly()
    {
        using var layer = nn.Linear(3, 2);
        var p = layer.parameters().ToArray();
        float[] W() => p[0].data<float>().ToArray();
        var w0 = W();
        using var average = new WeightAverage(layer, 0.75);
        using (no_grad()) { p[0].fill_(1.0f); }
        average.Update();                                                 // shadow = 0.75·w0 + 0.25·1
        var w1 = W();
        average.Apply();
        var applied = W();
        for (int i = 0; i < w0.Length; i++) Assert.Equal(0.75f * w0[i] + 0.25f, applied[i], 6);
        average.Restore();
        Assert.Equal(w1, W());
        Assert.Throws<InvalidOperationException>(() => average.Restore());
    }

    [Fact]
    public void Weight_average_includes_batch_norm_running_statistics_but_not_the_batch_counter()
    {
        using var bn = new ScalarSafeBatchNorm1d(2);
        using var average = new WeightAverage(bn, 0.5);
        bn.train();
        using (var x = tensor(new float[] { 1, 10, 3, 30 }, new long[] { 2, 2 })) bn.forward(x).Dispose(); // batch means 2 and 20
        var live = bn.state_dict()["running_mean"].data<float>().ToArray();   // 0.9·0 + 0.1·mean = 0.2, 2
        Assert.Equal(new[] { 0.2f, 2f }, live);
        average.Update();
        average.Apply();
        Assert.Equal(new[] { 0.1f, 1f }, bn.state_dict()["running_mean"].data<float>().ToArray());
        Assert.Equal(1L, bn.BatchesTracked);
        average.Restore();
        Assert.Equal(live, bn.state_dict()["running_mean"].data<float>().ToArray());
    }

    private static readonly Lazy<(List<CrystalGraph> Graphs, List<double> Targets)> Data = new(() =>
    {
        var records = new MatbenchJsonReader(SharedData.Data("matbench_perovskites.json.gz")).Read().Take(300).ToList();
        var f = new CrystalFeaturizer();
        return (records.Select(r => f.Featurize(r.Crystal)!).ToList(), records.Select(r => r.Target!.Value).ToList());
    });

    [SharedDataFact]
    public void Training_with_a_weight_average_returns_the_average_and_validates_on_it()
    {
        var (g, t) = Data.Value;
        var train = new TrainingData(g.Take(240).ToList(), t.Take(240).ToList());
        var val = new TrainingData(g.Skip(240).ToList(), t.Skip(240).ToList());
        var options = new TrainingOptions { Epochs = 3, BatchSize = 32, WarmupEpochs = 1, Seed = 5, Threads = 2, Device = "cpu", Schedule = LearningRateSchedule.Cosine };
        using var plain = EosNetTraining.Train(train, null, new EosNetArchitecture(), options);
        // A decay this small makes the average the last weights (up to float rounding): the same model as without it.
        using var tiny = EosNetTraining.Train(train, null, new EosNetArchitecture(), options with { EmaDecay = 1e-12 });
        using var averaged = EosNetTraining.Train(train, val, new EosNetArchitecture(), options with { EmaDecay = 0.9 });
        var p = plain.Predict(val.Graphs).Select(x => x.Value).ToArray();
        var q = tiny.Predict(val.Graphs).Select(x => x.Value).ToArray();
        var r = averaged.Predict(val.Graphs).Select(x => x.Value).ToArray();
        Assert.Equal(plain.History.Select(h => h.TrainLoss), tiny.History.Select(h => h.TrainLoss)); // the average never feeds back
        for (int i = 0; i < p.Length; i++) Assert.Equal(p[i], q[i], 4);
        Assert.True(p.Zip(r).Max(x => Math.Abs(x.First - x.Second)) > 1e-3, "a 0.9 average should differ from the last weights");
        // The best epoch's validation MAE is the returned (averaged) model's MAE on the same rows.
        double mae = r.Zip(val.Targets, (a, b) => Math.Abs(a - b)).Average();
        Assert.Equal(averaged.History.Where(h => h.IsBest).Min(h => h.ValidationMae!.Value), mae, 4);
    }
}
