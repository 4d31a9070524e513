namespace EOSnet.Featurization.Tests;

/// <summary>Solving tridiagonal matrices four (or two) at a time gives what solving each alone gives.</summary>
public class TridiagonalBatchTests
{
    [Theory]
    [InlineData(1, new[] { 74 })]
    [InlineData(2, new[] { 74, 1 })]
    [InlineData(3, new[] { 5, 150, 2 })]
    [InlineData(4, new[] { 74, 74, 74, 74 })]
    [InlineData(4, new[] { 1, 256, 33, 0 })]
    [InlineData(4, new[] { 120, 3, 64, 200 })]
    public void Batch_equals_one_matrix_at_a_time(int count, int[] sizes)
    {
        var rng = new Random(count * 1000 + sizes.Sum());
        var d = new double[TridiagonalEigenvalues.MaxBatch][];
        var e = new double[TridiagonalEigenvalues.MaxBatch][];
        var expected = new double[count][];
        for (int k = 0; k < TridiagonalEigenvalues.MaxBatch; k++)
        {
            int n = k < count ? sizes[k] : 4;
            d[k] = new double[n + 3];
            e[k] = new double[n + 3];
            for (int i = 0; i < n; i++) { d[k][i] = rng.NextDouble() * 4 - 2; e[k][i] = i == 0 ? 0 : (i % 7 == 0 ? 0 : rng.NextDouble() - 0.5); }
            if (k >= count) continue;
            var d1 = d[k][..n];
            var e1 = e[k][..n];
            TridiagonalEigenvalues.Solve(d1, e1, n);
            expected[k] = d1.OrderByDescending(x => x).ToArray();
        }
        var untouched = d[TridiagonalEigenvalues.MaxBatch - 1].ToArray();
        TridiagonalEigenvalues.SolveBatch(d, e, sizes, count);
        for (int k = 0; k < count; k++)
        {
            var actual = d[k][..sizes[k]].OrderByDescending(x => x).ToArray();
            for (int i = 0; i < sizes[k]; i++)
                Assert.True(Math.Abs(actual[i] - expected[k][i]) <= 1e-13 * Math.Max(1, Math.Abs(expected[k][i])), $"matrix {k} λ{i}: {actual[i]} vs {expected[k][i]}");
        }
        if (count < TridiagonalEigenvalues.MaxBatch) Assert.Equal(untouched, d[TridiagonalEigenvalues.MaxBatch - 1]);
    }

    [Fact]
    public void More_than_four_is_refused()
    {
        var d = new double[5][];
        Assert.Throws<ArgumentOutOfRangeException>(() => TridiagonalEigenvalues.SolveBatch(d, d, new int[5], 5));
    }
}
