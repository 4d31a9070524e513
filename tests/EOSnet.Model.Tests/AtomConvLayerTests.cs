using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests;

/// <summary>
/// The split convolution (self and neighbour products per atom, gathered) is the reference's Linear over the
/// concatenated [x_i ; x_j ; e_ij]: same outputs and the same gradients for the input and every parameter.
/// </summary>
public class AtomConvLayerTests
{
    [Fact]
    public void Split_convolution_equals_the_linear_over_concatenated_self_neighbour_edge_in_values_and_gradients()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        const int n = 37, m = 12, f = 64, e = 76;
        var generator = new torch.Generator(5);
        var layer = new AtomConvLayer(f, e);
        layer.train();
        var x = randn(new long[] { n, f }, generator: generator).requires_grad_(true);
        var neighbors = randint(0, n, new long[] { n, m }, generator: generator);
        var edges = rand(new long[] { n, m, e }, generator: generator);
        var p = layer.named_parameters().ToDictionary(t => t.name, t => t.parameter);

        var ours = layer.forward(x, neighbors, edges);

        // The reference formulation, written out with the layer's own parameters.
        var xr = x.detach().clone().requires_grad_(true);
        var w = p["fc_full.weight"].detach().clone().requires_grad_(true);
        var b = p["fc_full.bias"].detach().clone().requires_grad_(true);
        var z = cat(new[] { xr.unsqueeze(1).expand(n, m, f), xr.index_select(0, neighbors.view(-1)).view(n, m, f), edges }, 2);
        var y = nn.functional.linear(z, w, b).view(n * m, 2 * f);
        var yn = nn.functional.batch_norm(y, zeros(2 * f), ones(2 * f), p["bn1.weight"].detach(), p["bn1.bias"].detach(), true, 0.1, 1e-5).view(n, m, 2 * f);
        var parts = yn.chunk(2, 2);
        var summed = parts[0].sigmoid().mul(nn.functional.softplus(parts[1])).sum(1);
        var s = nn.functional.batch_norm(summed, zeros(f), ones(f), p["bn2.weight"].detach(), p["bn2.bias"].detach(), true, 0.1, 1e-5);
        var expected = nn.functional.softplus(xr.add(s));

        AssertClose(expected, ours, 2e-5);
        var weights = randn(new long[] { n, f }, generator: generator);
        ours.mul(weights).sum().backward();
        expected.mul(weights).sum().backward();
        AssertClose(xr.grad!, x.grad!, 2e-4);
        AssertClose(w.grad!, p["fc_full.weight"].grad!, 2e-4);
        AssertClose(b.grad!, p["fc_full.bias"].grad!, 2e-4);
        Assert.True(x.grad!.abs().max().item<float>() > 1e-3f, "the input gradient must not vanish");
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = Math.Max(1, expected.abs().max().item<float>());
        double diff = expected.sub(actual).abs().max().item<float>();
        Assert.True(diff <= tolerance * scale, $"max |Δ| = {diff:G3} (scale {scale:G3})");
    }
}
