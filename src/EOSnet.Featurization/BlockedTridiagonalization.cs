using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EOSnet.Featurization;

/// <summary>
/// Blocked Householder reduction to tridiagonal form (as LAPACK's dsytrd with dlatrd, upper variant) for the padded
/// full-storage matrices of <see cref="SymmetricEigenvalues"/>. A panel of <see cref="Panel"/> steps reduces rows
/// k, k − 1, … while the leading block is left as it was; each step's row and matrix–vector product are corrected
/// with the panel's earlier vectors, B v − V (Wᵀv) − W (Vᵀv). After the panel the leading block gets all the panel's
/// rank-2 updates at once, B ← B − V Wᵀ − W Vᵀ, as a register-blocked rank-2k product. Both the products and the
/// update touch only the lower triangle, so per step the matrix is read half (the unblocked reduction reads and
/// writes all of it), which is what bounds the time once the matrix outgrows the L1 cache. The last
/// <see cref="Crossover"/> or so rows use the unblocked reduction. Uses 512-bit vectors (fast only where accelerated).
/// </summary>
internal static class BlockedTridiagonalization
{
    /// <summary>Steps per panel.</summary>
    public const int Panel = 8;

    /// <summary>Smallest n for which <see cref="SymmetricEigenvalues.Reduce"/> takes the blocked reduction.</summary>
    public const int MinSize = 56;

    /// <summary>Size of the leading block that is left to the unblocked reduction.</summary>
    public const int Crossover = 32;

    /// <summary>Work values for a matrix with row stride <paramref name="stride"/>.</summary>
    public static int WorkLength(int stride) => (2 * Panel + 1) * stride;

    /// <summary>
    /// Reduces the symmetric n × n matrix (row stride <paramref name="stride"/> = <see cref="SymmetricEigenvalues.PaddedStride"/>(n),
    /// lower triangle read (the upper one may hold any finite values), columns n…stride zero; destroyed) to tridiagonal form: diagonal d[0..n), off-diagonal
    /// e[k] coupling k − 1 and k. Any n ≥ 1; <paramref name="work"/> needs <see cref="WorkLength"/>(stride) values
    /// (and at least 4 × stride).
    /// </summary>
    public static void Reduce(Span<double> a, int n, int stride, Span<double> d, Span<double> e, Span<double> work)
    {
        // work: V_0 … V_{Panel−1}, W_0 … W_{Panel−1} (each stride long, zero-padded), then p.
        var panel = work[..(2 * Panel * stride)];
        var p = work.Slice(2 * Panel * stride, stride);
        int size = n; // the unreduced leading block is [0, size)²
        while (size > Crossover && size > Panel + 4)
        {
            ReducePanel(a, size, stride, d, e, panel, p);
            size -= Panel;
            Rank2k(a, size, stride, panel);
        }
        if (size < n) MirrorLower(a, size, stride);
        SymmetricEigenvalues.ReduceUnblocked(a, size, stride, d, e, work);
    }

    /// <summary>Reduces rows size − 1 … size − Panel of the leading block, storing V_j and W_j; the block is not updated.</summary>
    private static void ReducePanel(Span<double> a, int size, int stride, Span<double> d, Span<double> e, Span<double> panel, Span<double> p)
    {
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double pv = ref MemoryMarshal.GetReference(panel);
        for (int j = 0; j < Panel; j++)
        {
            int k = size - 1 - j;
            var v = panel.Slice(j * stride, stride);
            var w = panel.Slice((Panel + j) * stride, stride);
            // Row k of the current matrix: the stored row minus the panel's earlier updates.
            ref double row = ref Unsafe.Add(ref a0, k * stride);
            int rowLen = SymmetricEigenvalues.PaddedStride(k + 1);
            for (int i = 0; i < j; i++)
            {
                ref double vi = ref Unsafe.Add(ref pv, i * stride);
                ref double wi = ref Unsafe.Add(ref pv, (Panel + i) * stride);
                SymmetricEigenvalues.Rank2(ref row, ref vi, ref wi, Unsafe.Add(ref vi, k), Unsafe.Add(ref wi, k), rowLen);
            }
            d[k] = a[k * stride + k];
            double tau = SymmetricEigenvalues.Reflector(a.Slice(k * stride, k), k, v, stride, out e[k]);
            if (tau == 0) { w.Clear(); continue; }
            // p = (B − V Wᵀ − W Vᵀ) v on the leading k × k block.
            int len = SymmetricEigenvalues.PaddedStride(k);
            SymMatVec(a, k, stride, v, p);
            ref double vr = ref MemoryMarshal.GetReference(v);
            for (int i = 0; i < j; i++)
            {
                ref double vi = ref Unsafe.Add(ref pv, i * stride);
                ref double wi = ref Unsafe.Add(ref pv, (Panel + i) * stride);
                double wv = SymmetricEigenvalues.Dot(ref wi, ref vr, len), vv = SymmetricEigenvalues.Dot(ref vi, ref vr, len);
                SymmetricEigenvalues.Rank2(ref MemoryMarshal.GetReference(p), ref vi, ref wi, vv, wv, len);
            }
            SymmetricEigenvalues.Update(v, p, tau, k, w);
        }
    }

    /// <summary>
    /// p[0..k) = B v for the leading k × k block, reading only its lower triangle (columns ≤ row): row r adds
    /// B[r, 0..r] · v to p[r] and B[r, 0..r) v[r] to p[0..r). Four rows at a time share the loads of v and p.
    /// </summary>
    private static void SymMatVec(Span<double> a, int k, int stride, ReadOnlySpan<double> v, Span<double> p)
    {
        p[..SymmetricEigenvalues.PaddedStride(k)].Clear();
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double x = ref MemoryMarshal.GetReference(v);
        ref double y = ref MemoryMarshal.GetReference(p);
        int r = 0;
        for (; r + 4 <= k; r += 4)
        {
            ref double r0 = ref Unsafe.Add(ref a0, r * stride);
            ref double r1 = ref Unsafe.Add(ref r0, stride);
            ref double r2 = ref Unsafe.Add(ref r1, stride);
            ref double r3 = ref Unsafe.Add(ref r2, stride);
            var x0 = Vector512.Create(v[r]); var x1 = Vector512.Create(v[r + 1]);
            var x2 = Vector512.Create(v[r + 2]); var x3 = Vector512.Create(v[r + 3]);
            var s0 = Vector512<double>.Zero; var s1 = s0; var s2 = s0; var s3 = s0;
            int full = r & ~7;
            for (int c = 0; c < full; c += 8)
            {
                var xv = Vector512.LoadUnsafe(ref x, (nuint)c);
                var b0 = Vector512.LoadUnsafe(ref r0, (nuint)c); var b1 = Vector512.LoadUnsafe(ref r1, (nuint)c);
                var b2 = Vector512.LoadUnsafe(ref r2, (nuint)c); var b3 = Vector512.LoadUnsafe(ref r3, (nuint)c);
                s0 = Vector512.FusedMultiplyAdd(b0, xv, s0); s1 = Vector512.FusedMultiplyAdd(b1, xv, s1);
                s2 = Vector512.FusedMultiplyAdd(b2, xv, s2); s3 = Vector512.FusedMultiplyAdd(b3, xv, s3);
                var yv = Vector512.FusedMultiplyAdd(b0, x0, Vector512.LoadUnsafe(ref y, (nuint)c));
                yv = Vector512.FusedMultiplyAdd(b1, x1, Vector512.FusedMultiplyAdd(b2, x2, Vector512.FusedMultiplyAdd(b3, x3, yv)));
                yv.StoreUnsafe(ref y, (nuint)c);
            }
            RowTail(ref r0, ref x, ref y, full, r, Vector512.Sum(s0));
            RowTail(ref r1, ref x, ref y, full, r + 1, Vector512.Sum(s1));
            RowTail(ref r2, ref x, ref y, full, r + 2, Vector512.Sum(s2));
            RowTail(ref r3, ref x, ref y, full, r + 3, Vector512.Sum(s3));
        }
        for (; r < k; r++) RowTail(ref Unsafe.Add(ref a0, r * stride), ref x, ref y, 0, r, 0);
    }

    /// <summary>Columns from..r of row r in <see cref="SymMatVec"/>: p[r] += sum + Σ B[r, c] v[c], p[c] += B[r, c] v[r] (c &lt; r).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowTail(ref double row, ref double x, ref double y, int from, int r, double sum)
    {
        double xr = Unsafe.Add(ref x, r);
        for (int c = from; c < r; c++)
        {
            double b = Unsafe.Add(ref row, c);
            sum += b * Unsafe.Add(ref x, c);
            Unsafe.Add(ref y, c) += b * xr;
        }
        Unsafe.Add(ref y, r) += sum + Unsafe.Add(ref row, r) * xr;
    }

    /// <summary>
    /// B ← B − Σ_j (V_j W_jᵀ + W_j V_jᵀ) on the lower triangle of the leading size × size block (all that the next
    /// panel reads; <see cref="MirrorLower"/> restores the upper one for the unblocked reduction), in tiles of 4 rows ×
    /// 16 (or 8) columns. Rows are taken four at a time, so up to three reduced rows below the block (≥ Panel of them
    /// exist) are overwritten with values that are never read again; columns past the diagonal likewise.
    /// </summary>
    private static void Rank2k(Span<double> a, int size, int stride, Span<double> panel)
    {
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double pv = ref MemoryMarshal.GetReference(panel);
        for (int r = 0; r < size; r += 4)
        {
            int len = SymmetricEigenvalues.PaddedStride(r + 4);
            int c = 0;
            for (; c + 16 <= len; c += 16) Tile(ref a0, ref pv, r, c, stride, 2);
            if (c < len) Tile(ref a0, ref pv, r, c, stride, 1);
        }
    }

    /// <summary>Copies the lower triangle of the leading size × size block onto the upper one.</summary>
    private static void MirrorLower(Span<double> a, int size, int stride)
    {
        for (int r = 0; r < size; r++)
            for (int c = r + 1; c < size; c++) a[r * stride + c] = a[c * stride + r];
    }

    /// <summary>Rows r … r + 3, columns c … c + 8·vectors − 1 of the rank-2k update (vectors = 1 or 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(ref double a0, ref double pv, int r, int c, int stride, int vectors)
    {
        var z = Vector512<double>.Zero;
        Vector512<double> s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
        nuint c0 = (nuint)c, c1 = (nuint)(c + 8);
        for (int j = 0; j < Panel; j++)
        {
            ref double vj = ref Unsafe.Add(ref pv, j * stride);
            ref double wj = ref Unsafe.Add(ref pv, (Panel + j) * stride);
            var v0 = Vector512.Create(Unsafe.Add(ref vj, r)); var w0 = Vector512.Create(Unsafe.Add(ref wj, r));
            var v1 = Vector512.Create(Unsafe.Add(ref vj, r + 1)); var w1 = Vector512.Create(Unsafe.Add(ref wj, r + 1));
            var v2 = Vector512.Create(Unsafe.Add(ref vj, r + 2)); var w2 = Vector512.Create(Unsafe.Add(ref wj, r + 2));
            var v3 = Vector512.Create(Unsafe.Add(ref vj, r + 3)); var w3 = Vector512.Create(Unsafe.Add(ref wj, r + 3));
            var wc = Vector512.LoadUnsafe(ref wj, c0); var vc = Vector512.LoadUnsafe(ref vj, c0);
            s00 = Vector512.FusedMultiplyAdd(w0, vc, Vector512.FusedMultiplyAdd(v0, wc, s00));
            s10 = Vector512.FusedMultiplyAdd(w1, vc, Vector512.FusedMultiplyAdd(v1, wc, s10));
            s20 = Vector512.FusedMultiplyAdd(w2, vc, Vector512.FusedMultiplyAdd(v2, wc, s20));
            s30 = Vector512.FusedMultiplyAdd(w3, vc, Vector512.FusedMultiplyAdd(v3, wc, s30));
            if (vectors == 2)
            {
                wc = Vector512.LoadUnsafe(ref wj, c1); vc = Vector512.LoadUnsafe(ref vj, c1);
                s01 = Vector512.FusedMultiplyAdd(w0, vc, Vector512.FusedMultiplyAdd(v0, wc, s01));
                s11 = Vector512.FusedMultiplyAdd(w1, vc, Vector512.FusedMultiplyAdd(v1, wc, s11));
                s21 = Vector512.FusedMultiplyAdd(w2, vc, Vector512.FusedMultiplyAdd(v2, wc, s21));
                s31 = Vector512.FusedMultiplyAdd(w3, vc, Vector512.FusedMultiplyAdd(v3, wc, s31));
            }
        }
        Subtract(ref Unsafe.Add(ref a0, r * stride), c0, s00, s01, vectors);
        Subtract(ref Unsafe.Add(ref a0, (r + 1) * stride), c0, s10, s11, vectors);
        Subtract(ref Unsafe.Add(ref a0, (r + 2) * stride), c0, s20, s21, vectors);
        Subtract(ref Unsafe.Add(ref a0, (r + 3) * stride), c0, s30, s31, vectors);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Subtract(ref double row, nuint c, Vector512<double> s0, Vector512<double> s1, int vectors)
    {
        (Vector512.LoadUnsafe(ref row, c) - s0).StoreUnsafe(ref row, c);
        if (vectors == 2) (Vector512.LoadUnsafe(ref row, c + 8) - s1).StoreUnsafe(ref row, c + 8);
    }
}
