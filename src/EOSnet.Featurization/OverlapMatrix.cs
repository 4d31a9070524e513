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
    public static void BuildS(ReadOnlySpan<double> xyz, ReadOnlySpan<double> rho, ReadOnlySpan<double> amp, int n, Span<double> o, int stride)
    {
        for (int p = 0; p < n; p++)
        {
            double xp = xyz[3 * p], yp = xyz[3 * p + 1], zp = xyz[3 * p + 2], rp = rho[p], ap = amp[p];
            o[p * stride + p] = ap * ap;
            for (int q = 0; q < p; q++)
            {
                double dx = xyz[3 * q] - xp, dy = xyz[3 * q + 1] - yp, dz = xyz[3 * q + 2] - zp;
                double rq = rho[q];
                double s2 = rp * rp + rq * rq;
                double ratio = 2 * rp * rq / s2;
                double v = ap * amp[q] * ratio * Math.Sqrt(ratio) * Math.Exp(-(dx * dx + dy * dy + dz * dz) / (2 * s2));
                o[p * stride + q] = v;
                o[q * stride + p] = v;
            }
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
