using EOSnet.Model.Equivariant;
using EOSnet.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests.Equivariant;

/// <summary>
/// Properties of <see cref="EosNetV2"/> that hold for any weights: E(3) invariance of the prediction and equivariance
/// of the hidden features (l = 1 channels rotate with D¹(R) = R, l = 2 with D²(R)), a finite prediction without
/// edges, independence of the edge chunking, and checks that these tests do fail on a broken network.
/// </summary>
public class EosNetV2PropertyTests
{
    /// <summary>A cluster of <paramref name="atoms"/> atoms in a 6 Å box, every pair closer than 8 Å an edge both ways.</summary>
    private static EquivariantSample RandomCluster(Random rng, int atoms, int features = 179)
    {
        var r = new double[atoms, 3];
        for (int a = 0; a < atoms; a++)
            for (int c = 0; c < 3; c++) r[a, c] = 6 * rng.NextDouble();
        var src = new List<int>();
        var dst = new List<int>();
        var vec = new List<double>();
        for (int i = 0; i < atoms; i++)
            for (int j = 0; j < atoms; j++)
            {
                if (i == j) continue;
                double dx = r[j, 0] - r[i, 0], dy = r[j, 1] - r[i, 1], dz = r[j, 2] - r[i, 2];
                if (Math.Sqrt(dx * dx + dy * dy + dz * dz) >= 8) continue;
                src.Add(i);
                dst.Add(j);
                vec.AddRange([dx, dy, dz]);
            }
        var fea = Enumerable.Range(0, atoms * features).Select(_ => rng.NextDouble()).ToArray();
        return new EquivariantSample(atoms, fea, src.ToArray(), dst.ToArray(), vec.ToArray());
    }

    private static double[,] RandomRotation(Random rng)
    {
        // Unit quaternion from three uniforms (Shoemake): a uniformly random proper rotation.
        double u1 = rng.NextDouble(), u2 = 2 * Math.PI * rng.NextDouble(), u3 = 2 * Math.PI * rng.NextDouble();
        double a = Math.Sqrt(1 - u1), b = Math.Sqrt(u1);
        double w = a * Math.Sin(u2), x = a * Math.Cos(u2), y = b * Math.Sin(u3), z = b * Math.Cos(u3);
        return new[,]
        {
            { 1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w) },
            { 2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w) },
            { 2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y) },
        };
    }

    private static EquivariantSample Rotate(EquivariantSample s, double[,] r)
    {
        var v = new double[s.Vectors.Length];
        for (int e = 0; e < v.Length / 3; e++)
            for (int a = 0; a < 3; a++)
                v[3 * e + a] = r[a, 0] * s.Vectors[3 * e] + r[a, 1] * s.Vectors[3 * e + 1] + r[a, 2] * s.Vectors[3 * e + 2];
        return s with { Vectors = v };
    }

    private static EosNetV2 RandomNetwork(EosNetV2Config config, int seed)
    {
        torch.manual_seed(seed);
        var net = new EosNetV2(config);
        net.to(float64);
        net.eval();
        return net;
    }

    /// <summary>max over blocks and atoms of |f(Rx) − D(R) f(x)| / max |f(x)|, with D from <paramref name="d"/> per degree.</summary>
    private static double EquivarianceError(EosNetV2 net, EquivariantSample sample, EquivariantSample rotated, Func<int, double[,]> d)
    {
        using var scope = NewDisposeScope();
        using var b0 = EquivariantBatch.Create([sample], ScalarType.Float64);
        using var b1 = EquivariantBatch.Create([rotated], ScalarType.Float64);
        var t0 = net.Trace(b0);
        var t1 = net.Trace(b1);
        var irreps = net.Config.Hidden;
        double worst = 0;
        for (int k = 0; k < t0.Blocks.Count; k++)
        {
            var f0 = V2Models.Values(t0.Blocks[k].Out);
            var f1 = V2Models.Values(t1.Blocks[k].Out);
            int dim = irreps.Dimension, n = f0.Length / dim;
            double scale = f0.Max(Math.Abs);
            for (int a = 0; a < n; a++)
                for (int i = 0; i < irreps.Count; i++)
                {
                    int l = irreps[i].Irrep.L, dl = 2 * l + 1;
                    var m = d(l);
                    for (int u = 0; u < irreps[i].Multiplicity; u++)
                    {
                        int o = a * dim + irreps.Offset(i) + u * dl;
                        for (int p = 0; p < dl; p++)
                        {
                            double expected = 0;
                            for (int q = 0; q < dl; q++) expected += m[p, q] * f0[o + q];
                            worst = Math.Max(worst, Math.Abs(f1[o + p] - expected) / scale);
                        }
                    }
                }
        }
        return worst;
    }

    private static double Predict(EosNetV2 net, params EquivariantSample[] samples) => PredictAll(net, samples)[0];

    private static double[] PredictAll(EosNetV2 net, EquivariantSample[] samples)
    {
        using var batch = EquivariantBatch.Create(samples, net.ParameterType);
        using var y = net.forward(batch);
        return V2Models.Values(y);
    }

    private static double[,] Identity(int l)
    {
        var m = new double[2 * l + 1, 2 * l + 1];
        for (int i = 0; i <= 2 * l; i++) m[i, i] = 1;
        return m;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Prediction_is_invariant_and_hidden_features_rotate_with_WignerD(int seed)
    {
        TorchRuntime.EnsureLoaded();
        var rng = new Random(seed);
        using var net = RandomNetwork(EosNetV2Config.Small with { Interactions = 3 }, seed);
        var sample = RandomCluster(rng, 5);
        Assert.True(sample.Sources.Length > 4);
        var r = RandomRotation(rng);
        var rotated = Rotate(sample, r);
        double y = Predict(net, sample), yr = Predict(net, rotated);
        Assert.True(Math.Abs(y - yr) <= 1e-12 * Math.Max(1, Math.Abs(y)), $"prediction {y} vs rotated {yr}");

        // l = 1 rotates with R itself (e3nn's (x, y, z) order), l = 2 with WignerD.
        double error = EquivarianceError(net, sample, rotated, l => l == 1 ? r : WignerD.Compute(l, r));
        Assert.True(error < 1e-12, $"equivariance error {error:E2}");
        // The check can fail: features compared without rotating them, or with Rᵀ, are far off.
        Assert.True(EquivarianceError(net, sample, rotated, Identity) > 1e-3);
        Assert.True(EquivarianceError(net, sample, rotated, l => WignerD.Compute(l, Transpose(r))) > 1e-3);
    }

    [Theory]
    [InlineData("8x0e", 2)]
    [InlineData("4x0e+3x1o", 1)]
    [InlineData("4x0e+2x1o+2x2e", 1)]
    [InlineData("2x0e+1x2e", 2)]
    public void Other_shapes_run_and_stay_invariant(string hidden, int maxDegree)
    {
        TorchRuntime.EnsureLoaded();
        var rng = new Random(17);
        var config = new EosNetV2Config(HiddenIrreps: hidden, MaxDegree: maxDegree, Interactions: 2, RadialHidden: 8, HeadHidden: 16);
        using var net = RandomNetwork(config, 17);
        var sample = RandomCluster(rng, 4);
        var r = RandomRotation(rng);
        double y = Predict(net, sample), yr = Predict(net, Rotate(sample, r));
        Assert.True(double.IsFinite(y));
        Assert.True(Math.Abs(y - yr) <= 1e-12 * Math.Max(1, Math.Abs(y)), $"prediction {y} vs rotated {yr}");
        Assert.True(EquivarianceError(net, sample, Rotate(sample, r), l => WignerD.Compute(l, r)) < 1e-12);
    }

    [Fact]
    public void Prediction_is_invariant_under_an_improper_rotation_and_odd_features_flip()
    {
        TorchRuntime.EnsureLoaded();
        var rng = new Random(7);
        using var net = RandomNetwork(EosNetV2Config.Small, 7);
        var sample = RandomCluster(rng, 4);
        var r = RandomRotation(rng);
        var improper = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) improper[i, j] = -r[i, j];
        var mirrored = Rotate(sample, improper);
        double y = Predict(net, sample), ym = Predict(net, mirrored);
        Assert.True(Math.Abs(y - ym) <= 1e-12 * Math.Max(1, Math.Abs(y)), $"prediction {y} vs mirrored {ym}");
        // 1o features transform with −R, 2e with D²(R): WignerD of the improper matrix gives both.
        Assert.True(EquivarianceError(net, sample, mirrored, l => WignerD.Compute(l, improper)) < 1e-12);
        Assert.True(EquivarianceError(net, sample, mirrored, l => WignerD.Compute(l, r)) > 1e-3); // 1o would not flip
    }

    [Fact]
    public void A_coupling_table_that_is_not_invariant_breaks_the_invariance_the_test_measures()
    {
        TorchRuntime.EnsureLoaded();
        var rng = new Random(11);
        using var net = RandomNetwork(EosNetV2Config.Small with { Interactions = 3 }, 11);
        var sample = RandomCluster(rng, 5);
        var rotated = Rotate(sample, RandomRotation(rng));
        var broken = Wigner3j.Compute(1, 1, 2);
        broken[0, 1, 2] += 0.3; // no longer rotation invariant; block 1's 2e output reaches block 2's scalars
        double before = Predict(net, sample);
        Assert.True(Math.Abs(before - Predict(net, rotated)) <= 1e-12 * Math.Max(1, Math.Abs(before)));
        net.Blocks[1].TensorProduct.SetCouplingTables(new Dictionary<(int, int, int), double[,,]> { [(1, 1, 2)] = broken });
        double y = Predict(net, sample), yr = Predict(net, rotated);
        Assert.True(Math.Abs(y - yr) > 1e-6 * Math.Abs(y), $"prediction {y} vs rotated {yr}: the broken network still looks invariant");
    }

    [Theory]
    [InlineData("default")]
    [InlineData("small")]
    public void A_structure_without_edges_gives_a_finite_prediction_equal_to_its_embedding_path(string model)
    {
        TorchRuntime.EnsureLoaded();
        using var net = RandomNetwork(V2Models.Config(model), 5);
        var rng = new Random(5);
        var isolated = new EquivariantSample(1, Enumerable.Range(0, 179).Select(_ => rng.NextDouble()).ToArray(), [], [], []);
        double y = Predict(net, isolated);
        Assert.True(double.IsFinite(y));
        using var scope = NewDisposeScope();
        using var batch = EquivariantBatch.Create([isolated], ScalarType.Float64);
        var t = net.Trace(batch);
        Assert.All(t.Blocks, b => Assert.All(V2Models.Values(b.GateIn), v => Assert.Equal(0.0, v)));
        // In a batch with other structures it gets the same value.
        var other = RandomCluster(rng, 3);
        var both = PredictAll(net, [other, isolated]);
        Assert.Equal(y, both[1], 12);
    }

    [Fact]
    public void Edge_chunking_does_not_change_the_result()
    {
        TorchRuntime.EnsureLoaded();
        var rng = new Random(3);
        using var net = RandomNetwork(EosNetV2Config.Small, 3);
        var samples = new[] { RandomCluster(rng, 6), RandomCluster(rng, 2), RandomCluster(rng, 5) };
        var whole = PredictAll(net, samples);
        foreach (var block in net.Blocks) block.MaxEdgeWeightValues = 1; // one edge per chunk
        var chunked = PredictAll(net, samples);
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], chunked[i], 12);
    }

    [Fact]
    public void Gradients_reach_the_weights_and_match_finite_differences()
    {
        TorchRuntime.EnsureLoaded();
        var rng = new Random(13);
        using var net = RandomNetwork(EosNetV2Config.Small, 13);
        var samples = new[] { RandomCluster(rng, 4), RandomCluster(rng, 3) };
        using var batch = EquivariantBatch.Create(samples, ScalarType.Float64);
        using (var y = net.forward(batch))
        using (var loss = y.sum())
            loss.backward();
        var grads = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        Assert.All(grads, g => Assert.True(g.Value is not null && V2Models.Values(g.Value).All(double.IsFinite), $"{g.Key}: no finite gradient"));
        foreach (var name in new[] { "embedding.0.weight", "convs.0.fc.2.weight", "convs.1.fc.0.weight", "convs.0.self_interaction.weight", "convs.1.self_interaction.weight", "fc_out.bias" })
            Assert.True(V2Models.Values(grads[name]!).Any(v => v != 0), $"{name}: zero gradient");

        // One weight of block 0's self-interaction and one of block 1's radial MLP: central differences.
        foreach (var (name, index) in new[] { ("convs.0.self_interaction.weight", 5L), ("convs.1.fc.2.weight", 700L) })
        {
            var p = net.named_parameters().Single(q => q.name == name).parameter;
            double analytic = V2Models.Values(grads[name]!)[index];
            double h = 1e-6, original;
            using (no_grad())
            {
                using var flat = p.view(-1);
                original = flat[index].item<double>();
                flat[index] = original + h;
                double up = PredictAll(net, samples).Sum();
                flat[index] = original - h;
                double down = PredictAll(net, samples).Sum();
                flat[index] = original;
                double numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * Math.Max(1, Math.Abs(analytic)), $"{name}[{index}]: analytic {analytic}, numeric {numeric}");
            }
        }
    }

    private static double[,] Transpose(double[,] m)
    {
        var t = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) t[i, j] = m[j, i];
        return t;
    }
}

/// <summary>The v2 forward pass under garbage collections without pause (temporaries freed by a finalizer would crash or corrupt it).</summary>
[Trait("Category", "GcPressure")]
public class EosNetV2GcPressureTests
{
    [Fact]
    public void Forward_passes_under_nonstop_collections_give_identical_results()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(21);
        using var net = new EosNetV2(EosNetV2Config.Small);
        net.eval();
        var rng = new Random(21);
        var samples = Enumerable.Range(0, 3).Select(k => new EquivariantSample(2, Enumerable.Range(0, 2 * 179).Select(_ => rng.NextDouble()).ToArray(),
            [0, 1, 0, 1], [1, 0, 0, 1], [1.5, 0.2, -0.7, -1.5, -0.2, 0.7, 0.0, 3.1, 1.0 + k, 0.0, -3.1, -1.0 - k])).ToList();
        double[] expected;
        using (var batch = EquivariantBatch.Create(samples))
        using (var y = net.forward(batch))
            expected = V2Models.Values(y);
        using (new NonstopCollections())
        {
            for (int i = 0; i < 300; i++)
            {
                using var batch = EquivariantBatch.Create(samples);
                using var y = net.forward(batch);
                Assert.Equal(expected, V2Models.Values(y));
            }
        }
    }
}
