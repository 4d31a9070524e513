using System.Numerics;
using System.Runtime.InteropServices;

namespace EOSnet.Featurization;

/// <summary>
/// Eigenvalues (only) of a real symmetric matrix: Householder reduction to tridiagonal form on the lower triangle
/// (row-contiguous, SIMD-vectorised symmetric mat-vec and rank-2 updates) followed by the square-root-free implicit QL
/// algorithm (Pal–Walker–Kahan, as LAPACK dsterf). O(4/3 n³) + O(n²); no allocations (the caller owns every buffer).
/// </summary>
public static class SymmetricEigenvalues
{
    /// <summary>
    /// Computes the eigenvalues of the symmetric n × n row-major matrix <paramref name="a"/> (only its lower triangle is
    /// read; destroyed) into
    /// <paramref name="eigenvalues"/> (length ≥ n), sorted in descending order. <paramref name="work"/> needs 3n values.
    /// </summary>
    public static void Compute(Span<double> a, int n, Span<double> eigenvalues, Span<double> work)
    {
        if (n <= 0) return;
        if (a.Length < n * n || eigenvalues.Length < n || work.Length < 3 * n) throw new ArgumentException("buffers too small");
        var d = eigenvalues[..n];
        var e = work[..n];
        var v = work.Slice(n, n);
        var q = work.Slice(2 * n, n);
        Tridiagonalize(a, n, d, e, v, q);
        QlImplicit(d, e, n);
        d.Sort();
        d.Reverse();
    }

    private static void Tridiagonalize(Span<double> a, int n, Span<double> d, Span<double> e, Span<double> v, Span<double> q)
    {
        // Works on the lower triangle only (row-contiguous): symmetric mat-vec and rank-2 update cost 1.5 k² per step.
        for (int k = n - 1; k >= 1; k--)
        {
            var row = a.Slice(k * n, k);
            double norm2 = Dot(row, row);
            double xk = row[k - 1];
            double offNorm2 = norm2 - xk * xk;
            d[k] = a[k * n + k];
            if (k == 1 || offNorm2 <= 1e-300)
            {
                e[k] = xk;
                continue;
            }
            double norm = Math.Sqrt(norm2);
            double alpha = xk >= 0 ? -norm : norm;
            var vk = v[..k];
            row.CopyTo(vk);
            vk[k - 1] -= alpha;
            double tau = 2.0 / (offNorm2 + vk[k - 1] * vk[k - 1]);
            e[k] = alpha;
            // p = B v with B symmetric, stored in the lower triangle of the leading k×k block.
            var p = q[..k];
            p.Clear();
            for (int r = 0; r < k; r++)
            {
                var br = a.Slice(r * n, r);
                p[r] += Dot(br, vk[..r]) + a[r * n + r] * vk[r];
                Axpy(vk[r], br, p[..r]);
            }
            double kk = 0;
            for (int r = 0; r < k; r++) { p[r] *= tau; kk += vk[r] * p[r]; }
            kk *= 0.5 * tau;
            for (int r = 0; r < k; r++) p[r] -= kk * vk[r];
            // Lower triangle of B −= v pᵀ + p vᵀ.
            for (int r = 0; r < k; r++) Rank2Row(a.Slice(r * n, r + 1), vk, p, vk[r], p[r]);
        }
        d[0] = a[0];
        e[0] = 0;
    }

    // y += s * x
    private static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var vs = new Vector<double>(s);
            for (int k = 0; k < vx.Length; k++) vy[k] += vs * vx[k];
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) y[i] += s * x[i];
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int i = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            for (int k = 0; k < vx.Length; k++) acc += vx[k] * vy[k];
            s = Vector.Sum(acc);
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    // row -= v * pr + p * vr
    private static void Rank2Row(Span<double> row, ReadOnlySpan<double> v, ReadOnlySpan<double> p, double vr, double pr)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<double>.Count)
        {
            var rr = MemoryMarshal.Cast<double, Vector<double>>(row);
            var vv = MemoryMarshal.Cast<double, Vector<double>>(v[..row.Length]);
            var pp = MemoryMarshal.Cast<double, Vector<double>>(p[..row.Length]);
            var a = new Vector<double>(pr);
            var b = new Vector<double>(vr);
            for (int k = 0; k < rr.Length; k++) rr[k] -= vv[k] * a + pp[k] * b;
            i = rr.Length * Vector<double>.Count;
        }
        for (; i < row.Length; i++) row[i] -= v[i] * pr + p[i] * vr;
    }

    /// <summary>
    /// Eigenvalues of a symmetric tridiagonal matrix (diagonal d, sub-diagonal e[i] coupling i−1 and i) by the
    /// square-root-free Pal–Walker–Kahan variant of implicit QL (as LAPACK's dsterf), on squared off-diagonals.
    /// </summary>
    private static void QlImplicit(Span<double> d, Span<double> e, int n)
    {
        // e2[i] = (coupling of i and i + 1)²
        for (int i = 0; i < n - 1; i++) e[i] = e[i + 1] * e[i + 1];
        e[n - 1] = 0;
        const double eps2 = 1.2325951644078309e-32; // (2^-53)^2
        int l = 0, iterations = 0;
        while (l < n)
        {
            int m = l;
            for (; m < n - 1; m++)
                if (e[m] <= eps2 * Math.Abs(d[m] * d[m + 1]) || e[m] < 1e-300) break;
            if (m == l) { l++; continue; }
            if (m == l + 1)
            {
                // 2×2 block [[d_l, b], [b, d_l+1]]
                double a0 = d[l], c0 = d[l + 1], b2 = e[l];
                double mean = 0.5 * (a0 + c0), half = 0.5 * (a0 - c0);
                double rad = Math.Sqrt(half * half + b2);
                d[l] = mean + rad;
                d[l + 1] = mean - rad;
                e[l] = 0;
                l += 2;
                continue;
            }
            if (++iterations > 50 * n) throw new ArithmeticException("eigenvalue iteration did not converge");
            double rte = Math.Sqrt(e[l]);
            double sigma = (d[l + 1] - d[l]) / (2 * rte);
            double r = Hypot(sigma, 1.0);
            sigma = d[l] - rte / (sigma + (sigma >= 0 ? r : -r));
            double c = 1, s = 0, gamma = d[m] - sigma, p = gamma * gamma;
            for (int i = m - 1; i >= l; i--)
            {
                double bb = e[i];
                r = p + bb;
                if (i != m - 1) e[i + 1] = s * r;
                double oldc = c;
                c = p / r;
                s = bb / r;
                double oldgam = gamma, alpha = d[i];
                gamma = c * (alpha - sigma) - s * oldgam;
                d[i + 1] = oldgam + (alpha - gamma);
                p = c != 0 ? gamma * gamma / c : oldc * bb;
            }
            e[l] = s * p;
            d[l] = sigma + gamma;
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
