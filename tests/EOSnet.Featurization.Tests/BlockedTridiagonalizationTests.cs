using MathNet.Numerics.LinearAlgebra;

namespace EOSnet.Featurization.Tests;

/// <summary>
/// The blocked Householder reduction and the vectorised overlap matrix against the unblocked reduction, MathNet and a
/// scalar overlap matrix, on random, degenerate and GOM-like matrices of every size the blocking splits differently.
/// </summary>
public class BlockedTridiagonalizationTests
{
    public static TheoryData<int> Sizes()
    {
        var data = new TheoryData<int>();
        foreach (int n in new[] { 1, 2, 5, 8, 17, 32, 33, 40, 41, 45, 46, 55, 56, 64, 65, 74, 80, 81, 84, 85, 96, 97, 100, 127, 128, 129, 150, 191, 200, 255, 256, 257, 300 }) data.Add(n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void RandomMatricesMatchTheUnblockedReductionAndMathNet(int n)
    {
        var rng = new Random(1000 + n);
        AssertBlockedMatches(Symmetric(n, (_, _) => rng.NextDouble() * 2 - 1), n, 1e-12 * n);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void GomMatricesMatchTheUnblockedReductionAndMathNet(int n)
    {
        // A rattled cubic cluster: Gaussian overlaps of atoms about 1 Å apart, with tapered amplitudes (as GOM builds).
        var rng = new Random(n);
        var (xyz, rho, amp) = Cluster(n, rng);
        int stride = SymmetricEigenvalues.PaddedStride(n);
        var padded = new double[n * stride];
        OverlapMatrix.BuildS(xyz, rho, amp, n, padded, stride);
        var a = new double[n * n];
        for (int r = 0; r < n; r++) padded.AsSpan(r * stride, n).CopyTo(a.AsSpan(r * n));
        AssertBlockedMatches(a, n, 1e-12);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(130)]
    [InlineData(256)]
    public void DegenerateSpectraMatch(int n)
    {
        // Q diag(λ) Qᵀ with λ in three clusters of exactly equal values, Q a product of random reflectors.
        var rng = new Random(7);
        var a = new double[n * n];
        for (int i = 0; i < n; i++) a[i * n + i] = i % 3 == 0 ? 2.0 : i % 3 == 1 ? -1.0 : 0.0;
        for (int h = 0; h < 3; h++)
        {
            var u = new double[n];
            for (int i = 0; i < n; i++) u[i] = rng.NextDouble() - 0.5;
            double norm2 = u.Sum(x => x * x);
            // a ← (I − 2uuᵀ/‖u‖²) a (I − 2uuᵀ/‖u‖²)
            var au = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) au[i] += a[i * n + j] * u[j];
            double uau = 0;
            for (int i = 0; i < n; i++) uau += u[i] * au[i];
            double c = 2 / norm2;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    a[i * n + j] += -c * (u[i] * au[j] + au[i] * u[j]) + c * c * uau * u[i] * u[j];
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
        AssertBlockedMatches(a, n, 1e-12 * n);
        var actual = Blocked(a, n);
        Assert.Equal(n - 2 * (n / 3) - (n % 3 == 2 ? 1 : 0), actual.Count(x => Math.Abs(x - 2) < 1e-11)); // multiplicity of 2
    }

    [Theory]
    [InlineData(56)]
    [InlineData(74)]
    [InlineData(256)]
    public void OnlyTheLowerTriangleIsRead(int n)
    {
        // The GOM path builds only the lower triangle for the blocked reduction; the upper one holds stale values.
        var (full, stride) = ClusterOverlap(n, n + 11, lowerOnly: false);
        var (lower, _) = ClusterOverlap(n, n + 11, lowerOnly: true);
        for (int r = 0; r < n; r++)
            for (int c = 0; c <= r; c++) Assert.Equal(full[r * stride + c], lower[r * stride + c]);
        var a = new double[n * n];
        for (int r = 0; r < n; r++) full.AsSpan(r * stride, n).CopyTo(a.AsSpan(r * n));
        var expected = Eigenvalues(a, n, blocked: false);
        var d = new double[n];
        var e = new double[n];
        BlockedTridiagonalization.Reduce(lower, n, stride, d, e, new double[SymmetricEigenvalues.ReduceWorkLength(n) + BlockedTridiagonalization.WorkLength(stride)]);
        TridiagonalEigenvalues.Solve(d, e, n);
        var actual = d.OrderByDescending(x => x).ToArray();
        AssertSameSpectrum(actual, expected, 1e-12);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(74)]
    [InlineData(200)]
    public void AWorkBufferFullOfNaNDoesNotLeakIn(int n)
    {
        var rng = new Random(n);
        int stride = SymmetricEigenvalues.PaddedStride(n);
        var a = Symmetric(n, (_, _) => rng.NextDouble());
        var padded = new double[n * stride];
        for (int r = 0; r < n; r++) a.AsSpan(r * n, n).CopyTo(padded.AsSpan(r * stride));
        var work = new double[SymmetricEigenvalues.WorkLength(n)];
        Array.Fill(work, double.NaN);
        var actual = new double[n];
        SymmetricEigenvalues.Compute(padded, n, stride, actual, work);
        var expected = Eigenvalues(a, n, blocked: false);
        AssertSameSpectrum(actual, expected, 1e-12 * n);
    }

    [Fact]
    public void AZeroColumnBlockIsHandled()
    {
        // Rows whose part left of the diagonal is zero give τ = 0 (no reflector) inside a panel.
        const int n = 140;
        var rng = new Random(3);
        AssertBlockedMatches(Symmetric(n, (i, j) => i >= 120 && i < 126 && j != i ? 0 : rng.NextDouble()), n, 1e-12 * n);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(74)]
    [InlineData(256)]
    public void VectorisedOverlapMatrixMatchesTheFormulaAndIsSymmetric(int n)
    {
        var (xyz, rho, amp) = Cluster(n, new Random(n + 5));
        int stride = SymmetricEigenvalues.PaddedStride(n);
        var o = new double[n * stride];
        OverlapMatrix.BuildS(xyz, rho, amp, n, o, stride);
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++)
            {
                double dx = xyz[3 * q] - xyz[3 * p], dy = xyz[3 * q + 1] - xyz[3 * p + 1], dz = xyz[3 * q + 2] - xyz[3 * p + 2];
                double s2 = rho[p] * rho[p] + rho[q] * rho[q], ratio = 2 * rho[p] * rho[q] / s2;
                double want = amp[p] * amp[q] * Math.Pow(ratio, 1.5) * Math.Exp(-(dx * dx + dy * dy + dz * dz) / (2 * s2));
                Assert.True(Math.Abs(o[p * stride + q] - want) <= 1e-15 * Math.Max(1, want), $"O[{p},{q}] = {o[p * stride + q]} vs {want}");
                Assert.Equal(o[q * stride + p], o[p * stride + q]);
            }
    }

    private static (double[] Xyz, double[] Rho, double[] Amp) Cluster(int n, Random rng)
    {
        int side = (int)Math.Ceiling(Math.Cbrt(n));
        var xyz = new double[3 * n];
        var rho = new double[n];
        var amp = new double[n];
        for (int i = 0; i < n; i++)
        {
            xyz[3 * i] = i % side + 0.05 * rng.NextDouble();
            xyz[3 * i + 1] = i / side % side + 0.05 * rng.NextDouble();
            xyz[3 * i + 2] = i / (side * side) + 0.05 * rng.NextDouble();
            rho[i] = i % 2 == 0 ? 0.31 : 0.76;
            amp[i] = i == 0 ? 1 : Math.Pow(1 - (double)i / (n + 1), 2);
        }
        return (xyz, rho, amp);
    }

    /// <summary>Eigenvalues (descending) after the blocked reduction, whatever n (the threshold is bypassed).</summary>
    private static double[] Blocked(double[] a, int n) => Eigenvalues(a, n, blocked: true);

    private static double[] Eigenvalues(double[] a, int n, bool blocked)
    {
        int stride = SymmetricEigenvalues.PaddedStride(n);
        var padded = new double[n * stride];
        for (int r = 0; r < n; r++) a.AsSpan(r * n, n).CopyTo(padded.AsSpan(r * stride));
        var d = new double[n];
        var e = new double[n];
        var work = new double[SymmetricEigenvalues.ReduceWorkLength(n) + BlockedTridiagonalization.WorkLength(stride)];
        if (blocked) BlockedTridiagonalization.Reduce(padded, n, stride, d, e, work);
        else SymmetricEigenvalues.ReduceUnblocked(padded, n, stride, d, e, work);
        TridiagonalEigenvalues.Solve(d, e, n);
        return d.OrderByDescending(x => x).ToArray();
    }

    /// <summary>
    /// The s overlap matrix of a random cluster (seeded) in padded rows; with <paramref name="lowerOnly"/> only the lower
    /// triangle is built and the rest keeps a stale value (1e6).
    /// </summary>
    private static (double[] Matrix, int Stride) ClusterOverlap(int n, int seed, bool lowerOnly)
    {
        var (xyz, rho, amp) = Cluster(n, new Random(seed));
        int stride = SymmetricEigenvalues.PaddedStride(n);
        var matrix = new double[n * stride];
        if (lowerOnly) Array.Fill(matrix, 1e6);
        OverlapMatrix.BuildS(xyz, rho, amp, n, matrix, stride, lowerOnly);
        return (matrix, stride);
    }

    /// <summary>An n × n symmetric matrix whose lower triangle (row i, column j ≤ i, row by row) comes from <paramref name="lower"/>.</summary>
    private static double[] Symmetric(int n, Func<int, int, double> lower)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                a[i * n + j] = a[j * n + i] = lower(i, j);
        return a;
    }

    private static void AssertSameSpectrum(double[] actual, double[] expected, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"n={expected.Length} λ{i}: {actual[i]} vs {expected[i]}");
    }

    private static void AssertBlockedMatches(double[] a, int n, double tolerance)
    {
        var blocked = Blocked(a, n);
        var unblocked = Eigenvalues(a, n, blocked: false);
        var expected = Matrix<double>.Build.Dense(n, n, (i, j) => a[i * n + j]).Evd(Symmetricity.Symmetric).EigenValues
            .Select(c => c.Real).OrderByDescending(x => x).ToArray();
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(blocked[i] - expected[i]) <= tolerance * scale, $"n={n} λ{i}: blocked {blocked[i]} vs MathNet {expected[i]}");
            Assert.True(Math.Abs(blocked[i] - unblocked[i]) <= tolerance * scale, $"n={n} λ{i}: blocked {blocked[i]} vs unblocked {unblocked[i]}");
        }
    }
}
