using EOSnet.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests;

/// <summary>The scalar-safe softplus is PyTorch's softplus: same values, same gradient, under GC pressure too.</summary>
public class TorchOpsTests
{
    [Fact]
    public void Softplus_matches_the_functional_softplus_in_value_and_gradient()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var values = new float[] { -80, -20.5f, -3, -1e-3f, 0, 1e-3f, 2, 19.9f, 20, 20.1f, 60 };
        var x1 = tensor(values).requires_grad_(true);
        var x2 = tensor(values).requires_grad_(true);
        var ours = TorchOps.Softplus(x1);
        var reference = nn.functional.softplus(x2);
        Assert.Equal(reference.data<float>().ToArray(), ours.data<float>().ToArray());
        ours.sum().backward();
        reference.sum().backward();
        Assert.Equal(x2.grad!.data<float>().ToArray(), x1.grad!.data<float>().ToArray());
    }

    [Trait("Category", "GcPressure")]
    [Fact]
    public void Softplus_survives_collections_during_many_calls()
    {
        TorchRuntime.EnsureLoaded();
        using var x = randn(64, 64);
        using var expected = nn.functional.softplus(x);
        using var collections = new NonstopCollections();
        for (int i = 0; i < 20000; i++)
        {
            using var y = TorchOps.Softplus(x);
            if (i % 2000 == 0) Assert.True(y.allclose(expected, 0, 0));
        }
    }
}
