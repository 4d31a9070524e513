using EOSnet.Model.Equivariant;
using EOSnet.TestSupport;
using Xunit.Abstractions;

namespace EOSnet.Model.Tests.Equivariant;

public class SphericalHarmonicsTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void Matches_e3nn_on_the_sixteen_sample_vectors()
    {
        using var doc = V2Golden.Load("e3nn_constants");
        var sh = doc.RootElement.GetProperty("e3nn").GetProperty("spherical_harmonics");
        var vectors = sh.GetProperty("vectors").ToMatrix();
        var expected = sh.GetProperty("values_float64").ToMatrix();
        Assert.Equal(16, vectors.Length);
        double worst = 0;
        for (int k = 0; k < vectors.Length; k++)
        {
            var y = SphericalHarmonics.Evaluate(vectors[k][0], vectors[k][1], vectors[k][2]);
            Assert.Equal(9, expected[k].Length);
            for (int m = 0; m < 9; m++)
            {
                double d = Math.Abs(y[m] - expected[k][m]);
                worst = Math.Max(worst, d);
                Assert.True(d <= 1e-12, $"vector {k} component {m}: {y[m]} vs {expected[k][m]}");
            }
        }
        output.WriteLine($"max |Δ| over 16 vectors × 9: {worst:G3}");
    }

    [SharedDataFact]
    public void Matches_the_reference_edge_sh_of_all_seven_structures()
    {
        using var inputs = V2Golden.Load("inputs");
        using var features = V2Golden.Load("edge_features");
        var structures = V2Golden.Structures(inputs);
        var reference = V2Golden.Structures(features);
        double worst = 0;
        int edges = 0;
        foreach (var name in V2Golden.StructureNames)
        {
            var vec = V2Golden.Flatten(structures.GetProperty(name).GetProperty("edge_vec_A"));
            var expected = V2Golden.Flatten(reference.GetProperty(name).GetProperty("float64").GetProperty("edge_sh"));
            var ours = SphericalHarmonics.EvaluateMany(vec);
            Assert.Equal(expected.Length, ours.Length);
            Assert.Equal(structures.GetProperty(name).GetProperty("n_edges").GetInt32() * 9, ours.Length);
            for (int k = 0; k < ours.Length; k++)
            {
                double d = Math.Abs(ours[k] - expected[k]);
                worst = Math.Max(worst, d);
                Assert.True(d <= 1e-12, $"{name} edge {k / 9} component {k % 9}: {ours[k]} vs {expected[k]}");
            }
            edges += ours.Length / 9;
        }
        Assert.Equal(1588, edges);
        output.WriteLine($"max |Δ| over {edges} edges × 9: {worst:G3}");
    }

    [Fact]
    public void Follows_the_documented_formula_layout_and_normalisation()
    {
        var y = SphericalHarmonics.Evaluate(0, 0, 2.5);
        Assert.Equal([1, 0, 0, Math.Sqrt(3), 0, 0, -Math.Sqrt(5) / 2, 0, Math.Sqrt(15) / 2], y, new Tolerance(1e-15));
        Assert.Equal([1.0, 0, 0, 0, 0, 0, 0, 0, 0], SphericalHarmonics.Evaluate(0, 0, 0));
        var rng = new Random(3);
        for (int t = 0; t < 50; t++)
        {
            var v = SphericalHarmonics.Evaluate(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5);
            for (int l = 0; l <= 2; l++)
            {
                double sum = 0;
                for (int m = 0; m < 2 * l + 1; m++) sum += v[l * l + m] * v[l * l + m];
                Assert.Equal(2 * l + 1, sum, 1e-13);
            }
        }
        Assert.Equal(4, SphericalHarmonics.Offset(2));
        Assert.Equal(5, SphericalHarmonics.Dimension(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SphericalHarmonics.Dimension(3));
    }

    [Fact]
    public void Odd_degrees_change_sign_and_even_degrees_do_not_under_inversion()
    {
        var y = SphericalHarmonics.Evaluate(0.3, -1.2, 2.5);
        var yi = SphericalHarmonics.Evaluate(-0.3, 1.2, -2.5);
        for (int m = 0; m < 9; m++) Assert.Equal(m is >= 1 and <= 3 ? -y[m] : y[m], yi[m], 1e-15);
    }

    [Fact]
    public void Are_equivariant_under_random_rotations_with_the_computed_wigner_d()
    {
        var rng = new Random(29);
        double worst = 0;
        for (int t = 0; t < 40; t++)
        {
            var r = RandomRotation.Next(rng, improper: t % 4 == 3);
            var (x, y, z) = (2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1);
            var (rx, ry, rz) = RandomRotation.Apply(r, x, y, z);
            var before = SphericalHarmonics.Evaluate(x, y, z);
            var after = SphericalHarmonics.Evaluate(rx, ry, rz);
            for (int l = 0; l <= 2; l++)
            {
                var d = WignerD.Compute(l, r);
                int o = l * l, n = 2 * l + 1;
                for (int m = 0; m < n; m++)
                {
                    double s = 0;
                    for (int k = 0; k < n; k++) s += d[m, k] * before[o + k];
                    worst = Math.Max(worst, Math.Abs(after[o + m] - s));
                    Assert.True(Math.Abs(after[o + m] - s) <= 1e-12, $"trial {t} l={l} m={m}: {after[o + m]} vs {s}");
                }
            }
        }
        output.WriteLine($"max |Y(Rv) − D(R)Y(v)|: {worst:G3}");
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= eps;
        public int GetHashCode(double obj) => 0;
    }
}
