using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EOSnet.Featurization;

/// <summary>
/// Eigenvalues (only) of a real symmetric matrix: Householder reduction to tridiagonal form followed by the
/// square-root-free implicit QL algorithm (<see cref="TridiagonalEigenvalues"/>). The reduction keeps the full symmetric
/// matrix with rows padded to a multiple of 8 doubles, so every row operation is whole SIMD vectors with no tail, and
/// fuses each step's rank-2 update with the next step's matrix–vector product (one pass over the active block per
/// step). O(2n³) flops in full vectors + O(n²); no allocations (the caller owns every buffer). From
/// <see cref="BlockedTridiagonalization.MinSize"/> on (with 512-bit vectors) the blocked reduction
/// (<see cref="BlockedTridiagonalization"/>) runs instead; it touches only the lower triangle.
/// </summary>
public static class SymmetricEigenvalues
{
    private const int Lanes = 8;

    /// <summary>Row stride (a multiple of 8 doubles) that the padded overload expects.</summary>
    public static int PaddedStride(int n) => (n + Lanes - 1) / Lanes * Lanes;

    /// <summary>Length of the work buffer that the padded overload needs.</summary>
    public static int WorkLength(int n) => n + ReduceWorkLength(n);

    /// <summary>
    /// Computes the eigenvalues of the symmetric n × n row-major matrix <paramref name="a"/> (dense, stride n; destroyed)
    /// into <paramref name="eigenvalues"/> (length ≥ n), sorted in descending order. Allocates a padded copy.
    /// </summary>
    public static void Compute(Span<double> a, int n, Span<double> eigenvalues)
    {
        if (n <= 0) return;
        int stride = PaddedStride(n);
        var padded = new double[n * stride];
        for (int r = 0; r < n; r++) a.Slice(r * n, n).CopyTo(padded.AsSpan(r * stride));
        Compute(padded, n, stride, eigenvalues, new double[WorkLength(n)]);
    }

    /// <summary>
    /// Computes the eigenvalues of the symmetric n × n matrix stored row-major in <paramref name="a"/> with row stride
    /// <paramref name="stride"/> (= <see cref="PaddedStride"/>(n); both triangles are read; the matrix is destroyed)
    /// into <paramref name="eigenvalues"/> (length ≥ n), sorted in descending order. <paramref name="work"/> needs
    /// <see cref="WorkLength"/>(n) values.
    /// </summary>
    public static void Compute(Span<double> a, int n, int stride, Span<double> eigenvalues, Span<double> work)
    {
        if (n <= 0) return;
        if (stride != PaddedStride(n) || a.Length < n * stride || eigenvalues.Length < n || work.Length < WorkLength(n))
            throw new ArgumentException("buffers too small or stride not padded");
        var d = eigenvalues[..n];
        var e = work[..n];
        Reduce(a, n, stride, d, e, work[n..]);
        TridiagonalEigenvalues.Solve(d, e, n);
        d.Sort();
        d.Reverse();
    }

    /// <summary>Length of the work buffer that <see cref="Reduce"/> needs for an n × n matrix.</summary>
    internal static int ReduceWorkLength(int n) =>
        n >= BlockedTridiagonalization.MinSize ? Math.Max(4 * PaddedStride(n), BlockedTridiagonalization.WorkLength(PaddedStride(n))) : 4 * PaddedStride(n);

    /// <summary>
    /// Householder reduction of the padded matrix (see the padded <see cref="Compute(Span{double}, int, int, Span{double}, Span{double})"/>)
    /// to tridiagonal form: diagonal d[0..n), off-diagonal e[k] coupling k − 1 and k. <paramref name="work"/> needs
    /// <see cref="ReduceWorkLength"/>(n) values. From <see cref="BlockedTridiagonalization.MinSize"/> on (with 512-bit
    /// vectors) the blocked reduction runs; smaller matrices take the unblocked one.
    /// </summary>
    internal static void Reduce(Span<double> a, int n, int stride, Span<double> d, Span<double> e, Span<double> work)
    {
        for (int r = 0; r < n; r++) a.Slice(r * stride + n, stride - n).Clear();
        if (ReadsLowerTriangleOnly(n))
            BlockedTridiagonalization.Reduce(a, n, stride, d, e, work);
        else
            ReduceUnblocked(a, n, stride, d, e, work);
    }

    /// <summary>
    /// True when <see cref="Reduce"/> takes the blocked reduction for an n × n matrix, which reads only the lower
    /// triangle (columns ≤ row; the upper one may hold anything finite), so a caller may skip building the upper one.
    /// </summary>
    internal static bool ReadsLowerTriangleOnly(int n) => n >= BlockedTridiagonalization.MinSize && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// The unblocked reduction of the leading n × n block (rows with stride <paramref name="stride"/>; columns from n on
    /// are ignored); <paramref name="work"/> needs 4 × stride values. Also finishes the blocked reduction.
    /// </summary>
    internal static void ReduceUnblocked(Span<double> a, int n, int stride, Span<double> d, Span<double> e, Span<double> work)
    {
        e[0] = 0;
        if (n == 1) { d[0] = a[0]; return; }
        Tridiagonalize(a, n, stride, d, e, work);
    }

    /// <summary>
    /// Reduces the leading block step by step from the last row: step k turns row k into (…, e_k, d_k) with the
    /// reflector H = I − τ v vᵀ and applies B ← H B H to the leading k × k block as B − v wᵀ − w vᵀ.
    /// </summary>
    private static void Tridiagonalize(Span<double> a, int n, int stride, Span<double> d, Span<double> e, Span<double> buffers)
    {
        var v = buffers[..stride];
        var vNext = buffers.Slice(stride, stride);
        var p = buffers.Slice(2 * stride, stride);
        var w = buffers.Slice(3 * stride, stride);
        p.Clear(); // Update reads p past the active length (against zeros of v): it must be finite there
        ref double a0 = ref MemoryMarshal.GetReference(a);
        int k = n - 1;
        d[k] = a[k * stride + k];
        double tau = Reflector(a.Slice(k * stride, k), k, v, stride, out e[k]);
        // p = B v for the first step (later steps get it from the fused pass).
        int len = PaddedStride(k);
        for (int r = 0; r < k; r++) p[r] = tau == 0 ? 0 : Dot(ref Unsafe.Add(ref a0, r * stride), ref MemoryMarshal.GetReference(v), len);
        for (; k >= 1; k--)
        {
            // w = τ p − (τ² vᵀp / 2) v
            len = PaddedStride(k);
            if (tau != 0) Update(v, p, tau, k, w[..len]);
            int next = k - 1;
            ref double rowNext = ref Unsafe.Add(ref a0, next * stride);
            if (tau != 0) Rank2(ref rowNext, ref MemoryMarshal.GetReference(v), ref MemoryMarshal.GetReference(w), v[next], w[next], len);
            d[next] = a[next * stride + next];
            if (next == 0) break;
            double tauNext = Reflector(a.Slice(next * stride, next), next, vNext, stride, out e[next]);
            vNext[next..len].Clear();
            for (int r = 0; r < next; r++)
            {
                ref double row = ref Unsafe.Add(ref a0, r * stride);
                if (tau == 0) p[r] = tauNext == 0 ? 0 : Dot(ref row, ref MemoryMarshal.GetReference(vNext), len);
                else p[r] = Rank2Dot(ref row, ref MemoryMarshal.GetReference(v), ref MemoryMarshal.GetReference(w), v[r], w[r], ref MemoryMarshal.GetReference(vNext), len);
            }
            var t = v; v = vNext; vNext = t;
            tau = tauNext;
        }
        e[0] = 0;
    }

    /// <summary>
    /// w = τ p − (τ² vᵀp / 2) v over [0, k), zero from k to the end of w (whose length is a multiple of 8): the rank-2
    /// update vector of B ← H B H (p = B v). v is zero from k on; p only needs to be finite there.
    /// </summary>
    internal static void Update(ReadOnlySpan<double> v, ReadOnlySpan<double> p, double tau, int k, Span<double> w)
    {
        double vp = Dot(ref MemoryMarshal.GetReference(v), ref MemoryMarshal.GetReference(p), PaddedStride(k));
        double half = 0.5 * tau * tau * vp;
        for (int r = 0; r < k; r++) w[r] = tau * p[r] - half * v[r];
        w[k..].Clear();
    }

    /// <summary>The Householder vector of row x (length k) into v (zero-padded to the stride); returns τ (0: none).</summary>
    internal static double Reflector(ReadOnlySpan<double> x, int k, Span<double> v, int stride, out double subdiagonal)
    {
        double xk = x[k - 1];
        x.CopyTo(v);
        v[(k - 1)..stride].Clear();
        // Σ x_j² for j < k − 1, in vectors (v is zero from k − 1 on)
        double off = k == 1 ? 0 : Dot(ref MemoryMarshal.GetReference(v), ref MemoryMarshal.GetReference(v), PaddedStride(k));
        if (k == 1 || off <= 1e-300)
        {
            subdiagonal = xk;
            v.Clear();
            return 0;
        }
        double norm = Math.Sqrt(off + xk * xk);
        double alpha = xk >= 0 ? -norm : norm;
        v[k - 1] = xk - alpha;
        subdiagonal = alpha;
        return 2.0 / (off + v[k - 1] * v[k - 1]);
    }

    // row[0..len) −= vr·w + wr·v   (len a multiple of 8)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Rank2(ref double row, ref double v, ref double w, double vr, double wr, int len)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var a = Vector512.Create(-vr);
            var b = Vector512.Create(-wr);
            for (int j = 0; j < len; j += 8)
            {
                var x = Vector512.LoadUnsafe(ref row, (nuint)j);
                x = Vector512.FusedMultiplyAdd(a, Vector512.LoadUnsafe(ref w, (nuint)j), x);
                x = Vector512.FusedMultiplyAdd(b, Vector512.LoadUnsafe(ref v, (nuint)j), x);
                x.StoreUnsafe(ref row, (nuint)j);
            }
            return;
        }
        var a4 = Vector256.Create(-vr);
        var b4 = Vector256.Create(-wr);
        for (int j = 0; j < len; j += 4)
        {
            var x = Vector256.LoadUnsafe(ref row, (nuint)j);
            x = Vector256.FusedMultiplyAdd(a4, Vector256.LoadUnsafe(ref w, (nuint)j), x);
            x = Vector256.FusedMultiplyAdd(b4, Vector256.LoadUnsafe(ref v, (nuint)j), x);
            x.StoreUnsafe(ref row, (nuint)j);
        }
    }

    // row[0..len) −= vr·w + wr·v, then returns Σ row[j]·y[j] over the updated row: one pass (len a multiple of 8)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Rank2Dot(ref double row, ref double v, ref double w, double vr, double wr, ref double y, int len)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Rank2(ref row, ref v, ref w, vr, wr, len);
            return Dot(ref row, ref y, len);
        }
        var a = Vector512.Create(-vr);
        var b = Vector512.Create(-wr);
        var acc = Vector512<double>.Zero;
        for (int j = 0; j < len; j += 8)
        {
            var x = Vector512.LoadUnsafe(ref row, (nuint)j);
            x = Vector512.FusedMultiplyAdd(b, Vector512.LoadUnsafe(ref v, (nuint)j), Vector512.FusedMultiplyAdd(a, Vector512.LoadUnsafe(ref w, (nuint)j), x));
            x.StoreUnsafe(ref row, (nuint)j);
            acc = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref y, (nuint)j), acc);
        }
        return Vector512.Sum(acc);
    }

    // Σ x[j] y[j] over len (a multiple of 8)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Dot(ref double x, ref double y, int len)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<double>.Zero;
            for (int j = 0; j < len; j += 8)
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, (nuint)j), Vector512.LoadUnsafe(ref y, (nuint)j), acc);
            return Vector512.Sum(acc);
        }
        var s0 = Vector256<double>.Zero;
        var s1 = Vector256<double>.Zero;
        for (int j = 0; j < len; j += 8)
        {
            s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)j), Vector256.LoadUnsafe(ref y, (nuint)j), s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)j + 4), Vector256.LoadUnsafe(ref y, (nuint)j + 4), s1);
        }
        return Vector256.Sum(s0 + s1);
    }
}
