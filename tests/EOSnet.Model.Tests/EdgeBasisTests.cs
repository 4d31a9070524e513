using EOSnet.Featurization;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests;

/// <summary>
/// The factorised edge products (<see cref="EdgeBasis"/>) give the full E-wide products' outputs and gradients to below
/// float32 rounding, for both edge normalisations and distances between the samples and past the last centre.
/// </summary>
public class EdgeBasisTests
{
    private static GraphBatch RandomBatch(Generator generator, int crystals = 6, int atoms = 7, int m = 12, double maxDistance = 9.0)
    {
        var graphs = Enumerable.Range(0, crystals).Select(c =>
        {
            var z = Enumerable.Range(0, atoms).Select(i => 1 + (c * 7 + i * 13) % 90).ToArray();
            var fp = rand(new long[] { atoms * 66 }, generator: generator).data<float>().ToArray();
            var idx = randint(0, atoms, new long[] { atoms * m }, generator: generator).data<long>().Select(v => (int)v).ToArray();
            var dist = rand(new long[] { atoms * m }, float64, generator: generator).mul(maxDistance).add(0.3).data<double>().ToArray();
            return new CrystalGraph($"c{c}", z, fp, 66, idx, dist, m);
        }).ToList();
        return GraphBatch.Collate(graphs);
    }

    [Theory]
    [InlineData(EdgeNormalization.None)]
    [InlineData(EdgeNormalization.L2)]
    public void Basis_reconstructs_every_expansion_to_the_tolerance_with_far_fewer_coefficients(EdgeNormalization normalization)
    {
        using var scope = NewDisposeScope();
        var architecture = new EosNetArchitecture { EdgeNormalization = normalization };
        using var network = new EosNetNetwork(architecture);
        int length = network.EdgeLength;
        network.FactorizedEdges = true;
        int rank = network.EdgeInputLength;
        Assert.Equal(76, length);
        Assert.InRange(rank, 10, normalization == EdgeNormalization.None ? 35 : 57); // the saving is the point

        // Distances off the sample grid, up to far beyond the last centre (padding is radius + 1).
        var distances = linspace(0.0, 25.0, 7919, dtype: float64);
        var e = network.EdgeFeatures(distances).to(float64);
        var basis = network.EdgeBasis;
        Assert.NotNull(basis);
        var v = basis!.On(CPU).to(float64);
        double error = e.mm(v).mm(v.t()).sub(e).abs().max().item<double>();
        Assert.True(error < 1e-7, $"reconstruction error {error:G3} with r = {rank}");
        Assert.True(basis.MaxError <= EdgeBasis.Tolerance);
    }

    [Fact]
    public void Factorised_network_equals_the_full_products_in_outputs_and_every_parameter_gradient()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        using var batch = RandomBatch(generator);
        manual_seed(3);
        using var full = new EosNetNetwork(new EosNetArchitecture()) { FactorizedEdges = false };
        using var factorised = new EosNetNetwork(new EosNetArchitecture()) { FactorizedEdges = true };
        factorised.load_state_dict(full.state_dict());
        full.train();
        factorised.train();

        var a = full.forward(batch);
        var b = factorised.forward(batch);
        double scale = Math.Max(1, a.abs().max().item<float>());
        double diff = a.sub(b).abs().max().item<float>();
        Assert.True(diff <= 1e-5 * scale, $"outputs differ by {diff:G3}");

        var weights = randn(a.shape, generator: generator);
        a.mul(weights).sum().backward();
        b.mul(weights).sum().backward();
        var pa = full.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        int compared = 0;
        foreach (var (name, p) in factorised.named_parameters())
        {
            var ga = pa[name].grad!;
            var gb = p.grad!;
            // A bias before BatchNorm has only a rounding-noise gradient (the normalisation removes any shift): the floor.
            double gscale = Math.Max(1e-2, ga.abs().max().item<float>());
            double gdiff = ga.sub(gb).abs().max().item<float>();
            Assert.True(gdiff <= 1e-4 * gscale, $"{name}: gradients differ by {gdiff:G3} (scale {gscale:G3})");
            compared++;
        }
        Assert.Equal(full.parameters().Count(), compared);
        Assert.True(pa["convs.0.fc_full.weight"].grad!.abs().max().item<float>() > 1e-4f, "the edge weights' gradient must not vanish");
    }
}
