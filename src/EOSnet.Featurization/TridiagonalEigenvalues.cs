using System.Runtime.CompilerServices;

namespace EOSnet.Featurization;

/// <summary>
/// Eigenvalues of symmetric tridiagonal matrices by the square-root-free implicit QL algorithm of Pal, Walker and Kahan
/// (as LAPACK's dsterf). One QL step is a chain of two dependent divisions, so a single matrix leaves the CPU waiting
/// on latency; <see cref="SolvePair"/> runs the sweeps of two independent matrices in lock step so their chains overlap.
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
        while (!a.Done || !b.Done)
        {
            if (a.Done) { Sweep(ref b, d2, e2, b.I - b.L + 1); NextSweep(ref b, d2, e2); continue; }
            if (b.Done) { Sweep(ref a, d1, e1, a.I - a.L + 1); NextSweep(ref a, d1, e1); continue; }
            int steps = Math.Min(a.I - a.L + 1, b.I - b.L + 1);
            SweepBoth(ref a, d1, e1, ref b, d2, e2, steps);
            if (a.I < a.L) NextSweep(ref a, d1, e1);
            if (b.I < b.L) NextSweep(ref b, d2, e2);
        }
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
