using EOSnet.Model.Equivariant;
using EOSnet.TestSupport;
using Xunit.Abstractions;

namespace EOSnet.Model.Tests.Equivariant;

public class WignerDTests(ITestOutputHelper output)
{
    [Fact]
    public void D1_is_the_rotation_itself_and_D0_is_one()
    {
        var rng = new Random(5);
        double worst = 0;
        for (int t = 0; t < 20; t++)
        {
            var r = RandomRotation.Next(rng, improper: t % 2 == 1);
            var d1 = WignerD.Compute(1, r);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) worst = Math.Max(worst, Math.Abs(d1[i, j] - r[3 * i + j]));
            Assert.Equal(1.0, WignerD.Compute(0, r)[0, 0], 1e-14);
        }
        Assert.True(worst <= 1e-12, $"max |D¹(R) − R| = {worst}");
        output.WriteLine($"max |D¹(R) − R|: {worst:G3}");
    }

    [SharedDataFact]
    public void Reproduces_the_reference_rotation_check()
    {
        using var doc = V2Golden.Load("e3nn_constants");
        var check = doc.RootElement.GetProperty("e3nn").GetProperty("spherical_harmonics").GetProperty("rotation_check");
        var r = check.GetProperty("R").ToMatrix().SelectMany(row => row).ToArray();
        var d1 = WignerD.Compute(1, r);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(r[3 * i + j], d1[i, j], 1e-12);
        Assert.True(check.GetProperty("max_abs_Y_Rv_minus_D_Y_v").GetDouble() < 1e-12);
    }

    [Fact]
    public void Is_an_orthogonal_representation()
    {
        var rng = new Random(8);
        for (int t = 0; t < 10; t++)
        {
            double[] a = RandomRotation.Next(rng), b = RandomRotation.Next(rng, improper: t % 2 == 0);
            var ab = new double[9];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    for (int k = 0; k < 3; k++) ab[3 * i + j] += a[3 * i + k] * b[3 * k + j];
            for (int l = 0; l <= 2; l++)
            {
                double[,] da = WignerD.Compute(l, a), db = WignerD.Compute(l, b), dab = WignerD.Compute(l, ab);
                int n = 2 * l + 1;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double prod = 0, gram = 0;
                        for (int k = 0; k < n; k++) { prod += da[i, k] * db[k, j]; gram += da[k, i] * da[k, j]; }
                        Assert.True(Math.Abs(dab[i, j] - prod) <= 1e-12, $"D(AB) ≠ D(A)D(B) at l={l} [{i},{j}]");
                        Assert.True(Math.Abs(gram - (i == j ? 1 : 0)) <= 1e-12, $"DᵀD ≠ I at l={l} [{i},{j}]");
                    }
            }
        }
    }

    [Fact]
    public void Carries_the_parity_of_the_degree_for_the_inversion()
    {
        double[] inversion = [-1, 0, 0, 0, -1, 0, 0, 0, -1];
        for (int l = 0; l <= 2; l++)
        {
            var d = WignerD.Compute(l, inversion);
            for (int i = 0; i < 2 * l + 1; i++)
                for (int j = 0; j < 2 * l + 1; j++) Assert.Equal(i == j ? (l % 2 == 0 ? 1 : -1) : 0, d[i, j], 1e-14);
        }
    }

    [Fact]
    public void Refuses_a_matrix_that_is_not_orthogonal()
    {
        Assert.Throws<ArgumentException>(() => WignerD.Compute(2, new double[] { 1, 0.1, 0, 0, 1, 0, 0, 0, 1 }));
        Assert.Throws<ArgumentException>(() => WignerD.Compute(1, new double[] { 1, 0, 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => WignerD.Compute(3, new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }));
    }
}
