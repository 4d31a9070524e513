using EOSnet.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests;

/// <summary>The scalar-safe Adam is TorchSharp's Adam, bit for bit, and keeps being so while collections run.</summary>
public class ScalarSafeAdamTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-3)]
    public void Updates_equal_TorchSharp_Adam_bit_for_bit(double weightDecay)
    {
        TorchRuntime.EnsureLoaded();
        using var reference = TinyNet();
        using var ours = TinyNet();
        using var referenceAdam = optim.Adam(reference.parameters(), 1e-2, 0.9, 0.999, 1e-8, weightDecay);
        using var oursAdam = new ScalarSafeAdam(ours.parameters(), 1e-2, 0.9, 0.999, 1e-8, weightDecay);
        for (int step = 0; step < 60; step++)
        {
            double lr = step < 30 ? 1e-2 : 2e-3; // a schedule changes the rate between steps
            foreach (var g in referenceAdam.ParamGroups) g.LearningRate = lr;
            foreach (var g in oursAdam.ParamGroups) g.LearningRate = lr;
            TrainStep(reference, referenceAdam, step);
            TrainStep(ours, oursAdam, step);
        }
        var expected = Parameters(reference);
        var actual = Parameters(ours);
        Assert.Equal(expected.Length, actual.Length);
        for (int p = 0; p < expected.Length; p++) Assert.Equal(expected[p], actual[p]);
        Assert.NotEqual(Parameters(TinyNet())[0], actual[0]); // it did train
    }

    [Fact]
    public void Decoupled_decay_equals_TorchSharp_AdamW_and_differs_from_the_L2_term()
    {
        TorchRuntime.EnsureLoaded();
        using var reference = TinyNet();
        using var ours = TinyNet();
        using var coupled = TinyNet();
        using var referenceAdam = optim.AdamW(reference.parameters(), 1e-2, 0.9, 0.999, 1e-8, 0.05);
        using var oursAdam = new ScalarSafeAdam(ours.parameters(), 1e-2, 0.9, 0.999, 1e-8, 0.05, decoupledWeightDecay: true);
        using var coupledAdam = new ScalarSafeAdam(coupled.parameters(), 1e-2, 0.9, 0.999, 1e-8, 0.05);
        for (int step = 0; step < 60; step++)
        {
            double lr = step < 30 ? 1e-2 : 2e-3;
            foreach (var g in referenceAdam.ParamGroups) g.LearningRate = lr;
            foreach (var g in oursAdam.ParamGroups) g.LearningRate = lr;
            foreach (var g in coupledAdam.ParamGroups) g.LearningRate = lr;
            TrainStep(reference, referenceAdam, step);
            TrainStep(ours, oursAdam, step);
            TrainStep(coupled, coupledAdam, step);
        }
        var expected = Parameters(reference);
        var actual = Parameters(ours);
        for (int p = 0; p < expected.Length; p++)
            for (int i = 0; i < expected[p].Length; i++) Assert.Equal(expected[p][i], actual[p][i], 1e-6f);
        var l2 = Parameters(coupled);
        Assert.True(l2.Zip(actual).Max(pair => pair.First.Zip(pair.Second, (a, b) => Math.Abs(a - b)).Max()) > 1e-3,
            "AdamW's decay must not be Adam's L2 term");
    }

    [Trait("Category", "GcPressure")]
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // AdamW's decay
    public void Steps_under_constant_collections_give_the_undisturbed_result(bool decoupled)
    {
        TorchRuntime.EnsureLoaded();
        var undisturbed = Train(steps: 3000, decoupled);
        float[][] disturbed;
        using (new NonstopCollections()) disturbed = Train(steps: 3000, decoupled);
        for (int p = 0; p < undisturbed.Length; p++) Assert.Equal(undisturbed[p], disturbed[p]);
    }

    [Fact]
    public void Optimizer_state_round_trips_through_its_checkpoint_format()
    {
        TorchRuntime.EnsureLoaded();
        using var straight = TinyNet();
        using var straightAdam = new ScalarSafeAdam(straight.parameters(), 1e-2);
        for (int step = 0; step < 20; step++) TrainStep(straight, straightAdam, step);

        using var first = TinyNet();
        using var firstAdam = new ScalarSafeAdam(first.parameters(), 1e-2);
        for (int step = 0; step < 10; step++) TrainStep(first, firstAdam, step);
        using var saved = new MemoryStream();
        using (var w = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true)) { first.save(w); firstAdam.save_state_dict(w); }
        saved.Position = 0;
        using var resumed = TinyNet(seed: 99);
        using var resumedAdam = new ScalarSafeAdam(resumed.parameters(), 1e-2);
        using (var r = new BinaryReader(saved)) { resumed.load(r); resumedAdam.load_state_dict(r); }
        for (int step = 10; step < 20; step++) TrainStep(resumed, resumedAdam, step);

        var expected = Parameters(straight);
        var actual = Parameters(resumed);
        for (int p = 0; p < expected.Length; p++) Assert.Equal(expected[p], actual[p]);
    }

    private static float[][] Train(int steps, bool decoupled)
    {
        using var net = TinyNet();
        using var adam = new ScalarSafeAdam(net.parameters(), 1e-3, weightDecay: decoupled ? 1e-2 : 1e-4, decoupledWeightDecay: decoupled);
        for (int step = 0; step < steps; step++) TrainStep(net, adam, step);
        return Parameters(net);
    }

    private static Sequential TinyNet(int seed = 7)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 1));
    }

    private static void TrainStep(Sequential net, optim.Optimizer adam, int step)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)(1000 + step));
        var x = randn(new long[] { 16, 6 }, generator: generator);
        var y = x.sum(1, keepdim: true).sin();
        var loss = nn.functional.mse_loss(net.forward(x), y);
        adam.zero_grad();
        loss.backward();
        adam.step();
    }

    private static float[][] Parameters(nn.Module net) => net.parameters().Select(p => p.data<float>().ToArray()).ToArray();
}
