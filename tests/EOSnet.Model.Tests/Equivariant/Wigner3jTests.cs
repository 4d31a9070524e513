using EOSnet.Model.Equivariant;
using EOSnet.TestSupport;
using Xunit.Abstractions;

namespace EOSnet.Model.Tests.Equivariant;

public class Wigner3jTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void Computed_tensors_equal_e3nn_for_all_fifteen_triples_sign_included()
    {
        using var doc = V2Golden.Load("e3nn_constants");
        var values = doc.RootElement.GetProperty("e3nn").GetProperty("wigner_3j").GetProperty("values");
        var keys = values.EnumerateObject().Select(p => p.Name).ToList();
        var ours = Wigner3j.AllowedTriples();
        Assert.Equal(15, ours.Count);
        Assert.Equal(keys.Order(StringComparer.Ordinal), ours.Select(t => $"{t.L1},{t.L2},{t.L3}").Order(StringComparer.Ordinal));
        double worst = 0;
        foreach (var (l1, l2, l3) in ours)
        {
            var expected = V2Golden.Flatten(values.GetProperty($"{l1},{l2},{l3}"));
            var c = Wigner3j.Compute(l1, l2, l3);
            Assert.Equal((2 * l1 + 1) * (2 * l2 + 1) * (2 * l3 + 1), expected.Length);
            Assert.Equal(expected.Length, c.Length);
            int k = 0;
            double here = 0;
            foreach (double v in c) here = Math.Max(here, Math.Abs(v - expected[k++])); // row-major, as the file
            Assert.True(here <= 1e-12, $"({l1},{l2},{l3}): max |Δ| = {here}");
            worst = Math.Max(worst, here);
        }
        output.WriteLine($"max |Δ| over the 15 tensors: {worst:G3}");
    }

    [Fact]
    public void Tensors_are_invariant_under_random_rotations_and_have_unit_norm()
    {
        var rng = new Random(15);
        double worst = 0;
        foreach (var (l1, l2, l3) in Wigner3j.AllowedTriples())
        {
            var c = Wigner3j.Compute(l1, l2, l3);
            double norm = 0;
            foreach (double v in c) norm += v * v;
            Assert.Equal(1.0, norm, 1e-13);
            for (int t = 0; t < 3; t++)
            {
                var r = RandomRotation.Next(rng);
                var rotated = Rotate(c, WignerD.Compute(l1, r), WignerD.Compute(l2, r), WignerD.Compute(l3, r));
                double here = MaxDiff(rotated, c);
                worst = Math.Max(worst, here);
                Assert.True(here <= 1e-12, $"({l1},{l2},{l3}) trial {t}: |D⊗D⊗D C − C| = {here}");
            }
        }
        output.WriteLine($"max |D⊗D⊗D·C − C|: {worst:G3}");
    }

    [Fact]
    public void Under_the_inversion_the_tensor_picks_up_the_parity_of_l1_plus_l2_plus_l3()
    {
        double[] inversion = [-1, 0, 0, 0, -1, 0, 0, 0, -1];
        foreach (var (l1, l2, l3) in Wigner3j.AllowedTriples())
        {
            var c = Wigner3j.Compute(l1, l2, l3);
            var rotated = Rotate(c, WignerD.Compute(l1, inversion), WignerD.Compute(l2, inversion), WignerD.Compute(l3, inversion));
            double sign = (l1 + l2 + l3) % 2 == 0 ? 1 : -1;
            foreach (var (a, b) in Flat(rotated).Zip(Flat(c))) Assert.Equal(sign * b, a, 1e-14);
        }
    }

    [Fact]
    public void Documented_special_cases_hold()
    {
        var c111 = Wigner3j.Compute(1, 1, 1);
        Assert.Equal(1 / Math.Sqrt(6), c111[0, 1, 2], 1e-14); // ε/√6 in (x, y, z) order
        Assert.Equal(-1 / Math.Sqrt(6), c111[1, 0, 2], 1e-14);
        var c110 = Wigner3j.Compute(1, 1, 0);
        for (int i = 0; i < 3; i++) Assert.Equal(1 / Math.Sqrt(3), c110[i, i, 0], 1e-14); // δ/√3
        var c202 = Wigner3j.Compute(2, 0, 2);
        for (int i = 0; i < 5; i++) Assert.Equal(1 / Math.Sqrt(5), c202[i, 0, i], 1e-14);
        Assert.Throws<ArgumentOutOfRangeException>(() => Wigner3j.Compute(2, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Wigner3j.Compute(3, 2, 1));
        Assert.False(Wigner3j.IsAllowed(0, 0, 1));
    }

    [Fact]
    public void The_documented_sign_rule_holds_for_random_directions()
    {
        var rng = new Random(31);
        foreach (var (l1, l2, l3) in Wigner3j.AllowedTriples())
        {
            var c = Wigner3j.Compute(l1, l2, l3);
            bool even = (l1 + l2 + l3) % 2 == 0;
            for (int t = 0; t < 20; t++)
            {
                double[] a = RandomUnit(rng), b = even ? a : RandomUnit(rng), d = even ? a : RandomUnit(rng);
                double value = Wigner3j.Contract(c, l1, l2, l3, a, b, d), expected = 1;
                if (!even)
                {
                    expected = a[0] * (b[1] * d[2] - b[2] * d[1]) + a[1] * (b[2] * d[0] - b[0] * d[2]) + a[2] * (b[0] * d[1] - b[1] * d[0]);
                    if (l2 == 2 && l3 == 2) expected *= Dot(b, d);
                    else if (l1 == 2 && l3 == 2) expected *= Dot(a, d);
                    else if (l1 == 2 && l2 == 2) expected *= Dot(a, b);
                }
                if (Math.Abs(expected) < 1e-3) continue;
                Assert.True(value * expected > 0, $"({l1},{l2},{l3}) trial {t}: T = {value}, rule says the sign of {expected}");
            }
        }
    }

    [Fact]
    public void Returns_a_fresh_copy_each_time()
    {
        var a = Wigner3j.Compute(1, 1, 2);
        a[0, 0, 0] = 42;
        Assert.NotEqual(42, Wigner3j.Compute(1, 1, 2)[0, 0, 0]);
    }

    // C'_abc = Σ D1_ai D2_bj D3_ck C_ijk.
    private static double[,,] Rotate(double[,,] c, double[,] d1, double[,] d2, double[,] d3)
    {
        int n1 = c.GetLength(0), n2 = c.GetLength(1), n3 = c.GetLength(2);
        var r = new double[n1, n2, n3];
        for (int a = 0; a < n1; a++)
            for (int b = 0; b < n2; b++)
                for (int e = 0; e < n3; e++)
                {
                    double s = 0;
                    for (int i = 0; i < n1; i++)
                        for (int j = 0; j < n2; j++)
                            for (int k = 0; k < n3; k++) s += d1[a, i] * d2[b, j] * d3[e, k] * c[i, j, k];
                    r[a, b, e] = s;
                }
        return r;
    }

    private static IEnumerable<double> Flat(double[,,] c) => c.Cast<double>();

    private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

    private static double[] RandomUnit(Random rng)
    {
        double[] v = [rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5];
        double n = Math.Sqrt(Dot(v, v));
        return [v[0] / n, v[1] / n, v[2] / n];
    }

    private static double MaxDiff(double[,,] a, double[,,] b) => Flat(a).Zip(Flat(b)).Max(p => Math.Abs(p.First - p.Second));
}
