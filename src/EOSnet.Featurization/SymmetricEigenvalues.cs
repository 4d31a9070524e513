using System.Numerics;
using System.Runtime.InteropServices;

namespace EOSnet.Featurization;

/// <summary>
/// Eigenvalues (only) of a real symmetric matrix: Householder reduction to tridiagonal form on the full matrix
/// (row-contiguous, SIMD-vectorised mat-vec and rank-2 updates) followed by the implicit QL algorithm with
/// Wilkinson-type shifts. O(4/3 n³) + O(n²); no allocations (the caller owns every buffer).
/// </summary>
public static class SymmetricEigenvalues
{
    /// <summary>
    /// Computes the eigenvalues of the symmetric n × n row-major matrix <paramref name="a"/> (destroyed) into
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
        for (int k = n - 1; k >= 1; k--)
        {
            // Householder vector for row k, columns 0..k-1 (annihilate 0..k-2, keep k-1).
            var row = a.Slice(k * n, k);
            double norm2 = Dot(row, row);
            double xk = row[k - 1];
            double norm = Math.Sqrt(norm2);
            double offNorm2 = norm2 - xk * xk;
            d[k] = a[k * n + k];
            if (k == 1 || offNorm2 <= 1e-300)
            {
                e[k] = xk;
                continue;
            }
            double alpha = xk >= 0 ? -norm : norm;
            var vk = v[..k];
            row.CopyTo(vk);
            vk[k - 1] -= alpha;
            double vv = offNorm2 + vk[k - 1] * vk[k - 1];
            double tau = 2.0 / vv;
            e[k] = alpha;
            // p = tau * B v over the leading k×k block (rows contiguous).
            var p = q[..k];
            for (int r = 0; r < k; r++) p[r] = tau * Dot(a.Slice(r * n, k), vk);
            double kk = 0.5 * tau * Dot(vk, p);
            for (int r = 0; r < k; r++) p[r] -= kk * vk[r];
            // B -= v pᵀ + p vᵀ
            for (int r = 0; r < k; r++) Rank2Row(a.Slice(r * n, k), vk, p, vk[r], p[r]);
        }
        d[0] = a[0];
        e[0] = 0;
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

    /// <summary>Implicit QL on a tridiagonal matrix: diagonal d, sub-diagonal e[i] coupling i−1 and i.</summary>
    private static void QlImplicit(Span<double> d, Span<double> e, int n)
    {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        for (int l = 0; l < n; l++)
        {
            int iter = 0;
            int m;
            do
            {
                for (m = l; m < n - 1; m++)
                {
                    double dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= 1e-16 * dd || Math.Abs(e[m]) < 1e-300) break;
                }
                if (m == l) break;
                if (++iter > 100) throw new ArithmeticException("eigenvalue iteration did not converge");
                double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                double r = Hypot(g, 1.0);
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.Abs(r) : -Math.Abs(r)));
                double s = 1, c = 1, p = 0;
                int i;
                bool underflow = false;
                for (i = m - 1; i >= l; i--)
                {
                    double f = s * e[i], b = c * e[i];
                    e[i + 1] = r = Hypot(f, g);
                    if (r == 0)
                    {
                        d[i + 1] -= p;
                        e[m] = 0;
                        underflow = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2.0 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                }
                if (underflow) continue;
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            } while (m != l);
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
