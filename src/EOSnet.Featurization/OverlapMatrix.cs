using System.Runtime.Intrinsics;

namespace EOSnet.Featurization;

/// <summary>
/// The Gaussian overlap matrix of one sphere. Members p have positions x_p (Å), radii ρ_p and amplitudes a_p.
/// s-only: O_pq = a_p a_q (2ρ_pρ_q/(ρ_p²+ρ_q²))^{3/2} exp(−|x_p−x_q|²/(2(ρ_p²+ρ_q²))).
/// s+p (libfp convention, orbitals s, p_x, p_y, p_z per member, u = x_q − x_p, g = 1/(2(ρ_p²+ρ_q²))):
/// ⟨s|s⟩ = A·S, ⟨s_p|p_q,k⟩ = A√8 ρ_q g S u_k, ⟨p_p,k|s_q⟩ = −A√8 ρ_p g S u_k,
/// ⟨p_p,k|p_q,l⟩ = −A·8ρ_pρ_q g² S (u_k u_l − δ_kl/(2g)).
/// </summary>
internal static class OverlapMatrix
{
    /// <summary>
    /// The s-only matrix into rows of stride <paramref name="stride"/> (a multiple of 8), in 512-bit vectors: whole
    /// rows (columns n…stride get zeros), or with <paramref name="lowerOnly"/> each row p only up to the end of the
    /// 8-column chunk holding column p (the rest is left as it was). Both triangles are computed with the same operation
    /// order, so the full result is exactly symmetric.
    /// </summary>
    public static void BuildS(ReadOnlySpan<double> xyz, ReadOnlySpan<double> rho, ReadOnlySpan<double> amp, int n, Span<double> o, int stride, bool lowerOnly = false)
    {
        // Members as structure-of-arrays, zero-padded to the stride (amplitude 0 makes the padding columns 0).
        Span<double> soa = stride <= 512 ? stackalloc double[5 * stride] : new double[5 * stride];
        soa.Clear();
        var xs = soa[..stride]; var ys = soa.Slice(stride, stride); var zs = soa.Slice(2 * stride, stride);
        var rs = soa.Slice(3 * stride, stride); var amps = soa.Slice(4 * stride, stride);
        for (int q = 0; q < n; q++)
        {
            xs[q] = xyz[3 * q]; ys[q] = xyz[3 * q + 1]; zs[q] = xyz[3 * q + 2];
            rs[q] = rho[q]; amps[q] = amp[q];
        }
        for (int q = n; q < stride; q++) rs[q] = 1; // keeps the padding columns finite
        for (int p = 0; p < n; p++)
        {
            var xp = Vector512.Create(xs[p]); var yp = Vector512.Create(ys[p]); var zp = Vector512.Create(zs[p]);
            var rp = Vector512.Create(rs[p]); var ap = Vector512.Create(amps[p]);
            var rp2 = rp * rp;
            var row = o.Slice(p * stride, stride);
            int end = lowerOnly ? SymmetricEigenvalues.PaddedStride(p + 1) : stride;
            for (int q = 0; q < end; q += 8)
            {
                var dx = Vector512.Create(xs.Slice(q, 8)) - xp;
                var dy = Vector512.Create(ys.Slice(q, 8)) - yp;
                var dz = Vector512.Create(zs.Slice(q, 8)) - zp;
                var rq = Vector512.Create(rs.Slice(q, 8));
                var s2 = rp2 + rq * rq;
                var ratio = Vector512.Create(2.0) * (rp * rq) / s2;
                var d2 = dx * dx + dy * dy + dz * dz;
                var v = ap * Vector512.Create(amps.Slice(q, 8)) * ratio * Vector512.Sqrt(ratio) * Vector512.Exp(-d2 / (Vector512.Create(2.0) * s2));
                v.CopyTo(row[q..]);
            }
            row[p] = amps[p] * amps[p];
        }
    }

    public static void BuildSP(ReadOnlySpan<double> xyz, ReadOnlySpan<double> rho, ReadOnlySpan<double> amp, int n, Span<double> o, int stride)
    {
        int m = stride;
        double sqrt8 = Math.Sqrt(8.0);
        Span<double> u = stackalloc double[3];
        for (int p = 0; p < n; p++)
        {
            for (int q = 0; q < n; q++)
            {
                u[0] = xyz[3 * q] - xyz[3 * p];
                u[1] = xyz[3 * q + 1] - xyz[3 * p + 1];
                u[2] = xyz[3 * q + 2] - xyz[3 * p + 2];
                double rp = rho[p], rq = rho[q];
                double s2 = rp * rp + rq * rq;
                double g = 1.0 / (2 * s2);
                double ratio = 2 * rp * rq / s2;
                double a = amp[p] * amp[q];
                double s = ratio * Math.Sqrt(ratio) * Math.Exp(-g * (u[0] * u[0] + u[1] * u[1] + u[2] * u[2]));
                int r0 = 4 * p, c0 = 4 * q;
                o[r0 * m + c0] = a * s;
                for (int k = 0; k < 3; k++)
                {
                    o[r0 * m + c0 + 1 + k] = a * sqrt8 * rq * g * s * u[k];
                    o[(r0 + 1 + k) * m + c0] = -a * sqrt8 * rp * g * s * u[k];
                    for (int l = 0; l < 3; l++)
                        o[(r0 + 1 + k) * m + c0 + 1 + l] = -a * 8 * rp * rq * g * g * s * (u[k] * u[l] - (k == l ? 1.0 / (2 * g) : 0.0));
                }
            }
        }
    }
}
