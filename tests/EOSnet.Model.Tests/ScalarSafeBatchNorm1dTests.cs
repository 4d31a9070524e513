using EOSnet.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests;

/// <summary>The scalar-safe BatchNorm1d is TorchSharp's BatchNorm1d: same outputs, gradients, statistics and state dict.</summary>
public class ScalarSafeBatchNorm1dTests
{
    [Fact]
    public void Matches_TorchSharps_BatchNorm1d_bit_for_bit_in_training_and_evaluation()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var reference = nn.BatchNorm1d(6);
        var ours = new ScalarSafeBatchNorm1d(6);
        var generator = new torch.Generator(11);
        for (int step = 0; step < 25; step++)
        {
            bool train = step % 5 != 4;
            reference.train(train);
            ours.train(train);
            var input = randn(new long[] { 40, 6 }, generator: generator).mul_(3.0.ToScalar()).add_(1.5.ToScalar(), TorchOps.One);
            var a = input.clone().requires_grad_(true);
            var b = input.clone().requires_grad_(true);
            var ya = reference.forward(a);
            var yb = ours.forward(b);
            Assert.Equal(ya.data<float>().ToArray(), yb.data<float>().ToArray());
            if (train)
            {
                using var weights = randn(new long[] { 40, 6 }, generator: generator);
                ya.mul(weights).sum().backward();
                yb.mul(weights).sum().backward();
                Assert.Equal(a.grad!.data<float>().ToArray(), b.grad!.data<float>().ToArray());
            }
        }
        var expected = reference.state_dict();
        var actual = ours.state_dict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, tensor) in expected)
        {
            Assert.Equal(tensor.dtype, actual[name].dtype);
            Assert.Equal(tensor.shape, actual[name].shape);
            Assert.True(tensor.eq(actual[name]).all().item<bool>(), $"{name} differs");
        }
        Assert.Equal(20, ours.BatchesTracked);
        Assert.Equal(reference.parameters().Select(p => p.shape), ours.parameters().Select(p => p.shape));
    }

    [Trait("Category", "GcPressure")]
    [Fact]
    public void Survives_collections_during_many_training_steps()
    {
        TorchRuntime.EnsureLoaded();
        var bn = new ScalarSafeBatchNorm1d(8);
        using var x = randn(64, 8);
        using (new NonstopCollections())
        {
            for (int i = 0; i < 20000; i++)
            {
                using var y = bn.forward(x);
            }
        }
        Assert.Equal(20000, bn.BatchesTracked);
    }
}
