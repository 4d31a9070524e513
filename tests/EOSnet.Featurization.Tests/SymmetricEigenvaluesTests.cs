using EOSnet.Featurization;
using MathNet.Numerics.LinearAlgebra;

namespace EOSnet.Featurization.Tests;

/// <summary>The eigenvalue solver against MathNet's dense symmetric EVD, on random, structured and degenerate matrices.</summary>
public class SymmetricEigenvaluesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(33)]
    [InlineData(74)]
    [InlineData(150)]
    public void RandomSymmetricMatricesMatchMathNet(int n)
    {
        var rng = new Random(n);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                a[i * n + j] = a[j * n + i] = rng.NextDouble() * 2 - 1;
        AssertMatchesMathNet(a, n);
    }

    [Fact]
    public void DiagonalTridiagonalAndDegenerateMatrices()
    {
        const int n = 20;
        var diag = new double[n * n];
        for (int i = 0; i < n; i++) diag[i * n + i] = i % 3; // repeated eigenvalues, already diagonal
        AssertMatchesMathNet(diag, n);
        var tri = new double[n * n];
        for (int i = 0; i < n; i++) { tri[i * n + i] = 2; if (i > 0) tri[i * n + i - 1] = tri[(i - 1) * n + i] = -1; }
        AssertMatchesMathNet(tri, n);
        var ones = new double[n * n];
        Array.Fill(ones, 1.0); // rank one: eigenvalues n, 0, …, 0
        AssertMatchesMathNet(ones, n);
    }

    [Fact]
    public void PaddedOverloadRejectsWrongStride()
    {
        var a = new double[9];
        Assert.Throws<ArgumentException>(() => SymmetricEigenvalues.Compute(a, 3, 3, new double[3], new double[SymmetricEigenvalues.WorkLength(3)]));
    }

    private static void AssertMatchesMathNet(double[] a, int n)
    {
        var expected = Matrix<double>.Build.Dense(n, n, (i, j) => a[i * n + j]).Evd(Symmetricity.Symmetric).EigenValues
            .Select(c => c.Real).OrderByDescending(x => x).ToArray();
        var actual = new double[n];
        SymmetricEigenvalues.Compute((double[])a.Clone(), n, actual);
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * scale * n, $"n={n} λ{i}: {actual[i]} vs {expected[i]}");
        for (int i = 1; i < n; i++) Assert.True(actual[i - 1] >= actual[i], "not descending");
    }
}
