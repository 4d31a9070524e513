using System.Runtime.CompilerServices;

namespace EOSnet.Featurization;

/// <summary>
/// Eigenvalues of symmetric tridiagonal matrices by the square-root-free implicit QL algorithm of Pal, Walker and Kahan
/// (as LAPACK's dsterf). One QL step is a chain of two dependent divisions, so a single matrix leaves the CPU waiting
/// on latency; <see cref="SolvePair"/> and <see cref="SolveBatch"/> run the sweeps of two or four independent matrices in
/// lock step so their chains overlap.
/// </summary>
internal static class TridiagonalEigenvalues
{
    private const double Eps2 = 1.2325951644078309e-32; // (2^-53)^2

    /// <summary>The progress of one matrix: active block [L, M], the sweep position I and the sweep's running values.</summary>
    private struct State
    {
        public int N, L, M, I, Iterations;
        public double C, S, Gamma, P, Sigma;
        public bool Done;
    }

    /// <summary>Most matrices <see cref="SolveBatch"/> takes at once.</summary>
    public const int MaxBatch = 4;

    /// <summary>
    /// Eigenvalues (unsorted, in d) of one matrix: diagonal d[0..n), off-diagonal e[k] coupling k − 1 and k (e[0]
    /// ignored; destroyed).
    /// </summary>
    public static void Solve(Span<double> d, Span<double> e, int n) => SolvePair(d, e, n, default, default, 0);

    /// <summary>Eigenvalues of two independent matrices (see <see cref="Solve"/>); n2 = 0 solves only the first.</summary>
    public static void SolvePair(Span<double> d1, Span<double> e1, int n1, Span<double> d2, Span<double> e2, int n2)
    {
        var a = Start(e1, n1);
        var b = Start(e2, n2);
        NextSweep(ref a, d1, e1);
        NextSweep(ref b, d2, e2);
        while (!a.Done || !b.Done) AdvancePair(ref a, d1, e1, ref b, d2, e2);
    }

    /// <summary>
    /// Eigenvalues of up to <see cref="MaxBatch"/> independent matrices (see <see cref="Solve"/>): matrix k has
    /// diagonal d[k][0..n[k]) and off-diagonal e[k]. Four sweeps run in lock step while four matrices are unfinished,
    /// so the division chains of four matrices overlap.
    /// </summary>
    public static void SolveBatch(double[][] d, double[][] e, ReadOnlySpan<int> n, int count)
    {
        if (count < 0 || count > MaxBatch || count > n.Length) throw new ArgumentOutOfRangeException(nameof(count));
        Span<State> st = stackalloc State[MaxBatch];
        for (int k = 0; k < MaxBatch; k++)
        {
            st[k] = k < count ? Start(e[k], n[k]) : new State { Done = true };
            if (k < count) NextSweep(ref st[k], d[k], e[k]);
        }
        while (!st[0].Done && !st[1].Done && !st[2].Done && !st[3].Done)
        {
            int steps = Math.Min(Math.Min(st[0].I - st[0].L, st[1].I - st[1].L), Math.Min(st[2].I - st[2].L, st[3].I - st[3].L)) + 1;
            SweepFour(st, d, e, steps);
            for (int k = 0; k < MaxBatch; k++)
                if (st[k].I < st[k].L) NextSweep(ref st[k], d[k], e[k]);
        }
        // Fewer than four left: finish them two at a time.
        Span<int> left = stackalloc int[MaxBatch];
        int remaining = 0;
        for (int k = 0; k < MaxBatch; k++) if (!st[k].Done) left[remaining++] = k;
        for (int q = 0; q < remaining; q += 2)
        {
            int x = left[q];
            if (q + 1 == remaining)
            {
                var none = new State { Done = true };
                while (!st[x].Done) AdvancePair(ref st[x], d[x], e[x], ref none, default, default);
                continue;
            }
            int y = left[q + 1];
            while (!st[x].Done || !st[y].Done) AdvancePair(ref st[x], d[x], e[x], ref st[y], d[y], e[y]);
        }
    }

    /// <summary>One round of <see cref="SolvePair"/>: sweeps both (or the unfinished one) as far as both can go.</summary>
    private static void AdvancePair(ref State a, Span<double> d1, Span<double> e1, ref State b, Span<double> d2, Span<double> e2)
    {
        if (a.Done) { Sweep(ref b, d2, e2, b.I - b.L + 1); NextSweep(ref b, d2, e2); return; }
        if (b.Done) { Sweep(ref a, d1, e1, a.I - a.L + 1); NextSweep(ref a, d1, e1); return; }
        int steps = Math.Min(a.I - a.L + 1, b.I - b.L + 1);
        SweepBoth(ref a, d1, e1, ref b, d2, e2, steps);
        if (a.I < a.L) NextSweep(ref a, d1, e1);
        if (b.I < b.L) NextSweep(ref b, d2, e2);
    }

    private static State Start(Span<double> e, int n)
    {
        // e[k] ← (coupling of k and k + 1)²
        for (int k = 0; k < n - 1; k++) e[k] = e[k + 1] * e[k + 1];
        if (n > 0) e[n - 1] = 0;
        return new State { N = n, Done = n == 0 };
    }

    /// <summary>Deflates converged values and 2 × 2 blocks, then sets up the next QL sweep (or marks the matrix done).</summary>
    private static void NextSweep(ref State st, Span<double> d, Span<double> e)
    {
        if (st.Done) return;
        int n = st.N, l = st.L;
        while (l < n)
        {
            int m = l;
            for (; m < n - 1; m++)
                if (e[m] <= Eps2 * Math.Abs(d[m] * d[m + 1]) || e[m] < 1e-300) break;
            if (m == l) { l++; continue; }
            if (m == l + 1)
            {
                double a0 = d[l], c0 = d[l + 1], b2 = e[l];
                double mean = 0.5 * (a0 + c0), half = 0.5 * (a0 - c0);
                double rad = Math.Sqrt(half * half + b2);
                d[l] = mean + rad;
                d[l + 1] = mean - rad;
                e[l] = 0;
                l += 2;
                continue;
            }
            if (++st.Iterations > 50 * n) throw new ArithmeticException("eigenvalue iteration did not converge");
            double rte = Math.Sqrt(e[l]);
            double sigma = (d[l + 1] - d[l]) / (2 * rte);
            double r = Hypot(sigma, 1.0);
            sigma = d[l] - rte / (sigma + (sigma >= 0 ? r : -r));
            st.L = l; st.M = m; st.I = m - 1;
            st.Sigma = sigma; st.C = 1; st.S = 0; st.Gamma = d[m] - sigma; st.P = st.Gamma * st.Gamma;
            return;
        }
        st.L = l;
        st.Done = true;
    }

    private static void Sweep(ref State st, Span<double> d, Span<double> e, int steps)
    {
        int i = st.I, m = st.M;
        double c = st.C, s = st.S, gamma = st.Gamma, p = st.P, sigma = st.Sigma;
        for (int t = 0; t < steps; t++, i--) Step(d, e, i, m, sigma, ref c, ref s, ref gamma, ref p);
        Finish(ref st, d, e, i, c, s, gamma, p);
    }

    private static void SweepBoth(ref State a, Span<double> d1, Span<double> e1, ref State b, Span<double> d2, Span<double> e2, int steps)
    {
        int i1 = a.I, m1 = a.M, i2 = b.I, m2 = b.M;
        double c1 = a.C, s1 = a.S, g1 = a.Gamma, p1 = a.P, sg1 = a.Sigma;
        double c2 = b.C, s2 = b.S, g2 = b.Gamma, p2 = b.P, sg2 = b.Sigma;
        for (int t = 0; t < steps; t++, i1--, i2--)
        {
            Step(d1, e1, i1, m1, sg1, ref c1, ref s1, ref g1, ref p1);
            Step(d2, e2, i2, m2, sg2, ref c2, ref s2, ref g2, ref p2);
        }
        Finish(ref a, d1, e1, i1, c1, s1, g1, p1);
        Finish(ref b, d2, e2, i2, c2, s2, g2, p2);
    }

    private static void SweepFour(Span<State> st, double[][] d, double[][] e, int steps)
    {
        double[] d0 = d[0], e0 = e[0], d1 = d[1], e1 = e[1], d2 = d[2], e2 = e[2], d3 = d[3], e3 = e[3];
        int i0 = st[0].I, m0 = st[0].M, i1 = st[1].I, m1 = st[1].M, i2 = st[2].I, m2 = st[2].M, i3 = st[3].I, m3 = st[3].M;
        double c0 = st[0].C, s0 = st[0].S, g0 = st[0].Gamma, p0 = st[0].P, sg0 = st[0].Sigma;
        double c1 = st[1].C, s1 = st[1].S, g1 = st[1].Gamma, p1 = st[1].P, sg1 = st[1].Sigma;
        double c2 = st[2].C, s2 = st[2].S, g2 = st[2].Gamma, p2 = st[2].P, sg2 = st[2].Sigma;
        double c3 = st[3].C, s3 = st[3].S, g3 = st[3].Gamma, p3 = st[3].P, sg3 = st[3].Sigma;
        for (int t = 0; t < steps; t++, i0--, i1--, i2--, i3--)
        {
            Step(d0, e0, i0, m0, sg0, ref c0, ref s0, ref g0, ref p0);
            Step(d1, e1, i1, m1, sg1, ref c1, ref s1, ref g1, ref p1);
            Step(d2, e2, i2, m2, sg2, ref c2, ref s2, ref g2, ref p2);
            Step(d3, e3, i3, m3, sg3, ref c3, ref s3, ref g3, ref p3);
        }
        Finish(ref st[0], d0, e0, i0, c0, s0, g0, p0);
        Finish(ref st[1], d1, e1, i1, c1, s1, g1, p1);
        Finish(ref st[2], d2, e2, i2, c2, s2, g2, p2);
        Finish(ref st[3], d3, e3, i3, c3, s3, g3, p3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(Span<double> d, Span<double> e, int i, int m, double sigma, ref double c, ref double s, ref double gamma, ref double p)
    {
        double bb = e[i];
        double r = p + bb;
        if (i != m - 1) e[i + 1] = s * r;
        double oldc = c;
        // c = p / r and the next p = γ² / c = γ² · r / p: with 1/r and 1/p (the latter known before r) only one
        // division lies on the step-to-step dependency chain instead of two.
        double invR = 1.0 / r, invP = 1.0 / p;
        c = p * invR;
        s = bb * invR;
        double oldgam = gamma, alpha = d[i];
        gamma = c * (alpha - sigma) - s * oldgam;
        d[i + 1] = oldgam + (alpha - gamma);
        p = c != 0 ? gamma * gamma * (r * invP) : oldc * bb;
    }

    /// <summary>Stores the sweep's running values; at the end of a sweep applies its last rotation to row L.</summary>
    private static void Finish(ref State st, Span<double> d, Span<double> e, int i, double c, double s, double gamma, double p)
    {
        st.I = i; st.C = c; st.S = s; st.Gamma = gamma; st.P = p;
        if (i < st.L)
        {
            e[st.L] = s * p;
            d[st.L] = st.Sigma + gamma;
        }
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }
}
