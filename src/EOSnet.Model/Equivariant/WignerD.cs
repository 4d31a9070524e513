namespace EOSnet.Model.Equivariant;

/// <summary>
/// Real Wigner-D matrices D^l(R), l ≤ 2, in the basis of <see cref="SphericalHarmonics"/>: the matrices with
/// Y^l(Rv) = D^l(R) Y^l(v) for every v. D⁰ = [1], D¹(R) = R (the l = 1 harmonics are √3·(x, y, z)), and for an
/// improper R (det −1) D^l(R) carries the parity (−1)^l, as e3nn's 0e/1o/2e representations do.
/// </summary>
/// <remarks>
/// Computed, not tabulated: component-normalised harmonics are orthonormal in the mean over the sphere,
/// ⟨Y^l_m Y^l_n⟩ = δ_mn, so D^l_mn = ⟨Y^l_m(Rv) Y^l_n(v)⟩. The integrand is a polynomial of degree 2l ≤ 4 on the
/// sphere, so the mean over the 12 vertices of a regular icosahedron (a spherical 5-design) is exact.
/// </remarks>
public static class WignerD
{
    /// <summary>|RᵀR − I| (largest entry) above which a matrix is refused as not orthogonal.</summary>
    public const double OrthogonalityTolerance = 1e-9;

    private static readonly double[][] Design = Icosahedron();

    /// <summary>D^l(R) for a 3 × 3 orthogonal matrix given row-major (v' = R v).</summary>
    /// <exception cref="ArgumentException"><paramref name="rotation"/> is not 9 values or not orthogonal.</exception>
    public static double[,] Compute(int l, ReadOnlySpan<double> rotation)
    {
        int dim = SphericalHarmonics.Dimension(l);
        CheckOrthogonal(rotation);
        var d = new double[dim, dim];
        Span<double> yr = stackalloc double[dim];
        Span<double> y = stackalloc double[dim];
        foreach (var v in Design)
        {
            double rx = rotation[0] * v[0] + rotation[1] * v[1] + rotation[2] * v[2];
            double ry = rotation[3] * v[0] + rotation[4] * v[1] + rotation[5] * v[2];
            double rz = rotation[6] * v[0] + rotation[7] * v[1] + rotation[8] * v[2];
            SphericalHarmonics.EvaluateDegree(l, rx, ry, rz, yr);
            SphericalHarmonics.EvaluateDegree(l, v[0], v[1], v[2], y);
            for (int m = 0; m < dim; m++)
                for (int n = 0; n < dim; n++) d[m, n] += yr[m] * y[n];
        }
        for (int m = 0; m < dim; m++)
            for (int n = 0; n < dim; n++) d[m, n] /= Design.Length;
        return d;
    }

    /// <summary>D^l(R) for a 3 × 3 orthogonal matrix.</summary>
    /// <exception cref="ArgumentException"><paramref name="rotation"/> is not 3 × 3 or not orthogonal.</exception>
    public static double[,] Compute(int l, double[,] rotation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        if (rotation.GetLength(0) != 3 || rotation.GetLength(1) != 3) throw new ArgumentException("a rotation is 3 × 3", nameof(rotation));
        Span<double> flat = stackalloc double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) flat[3 * i + j] = rotation[i, j];
        return Compute(l, flat);
    }

    private static void CheckOrthogonal(ReadOnlySpan<double> r)
    {
        if (r.Length != 9) throw new ArgumentException("a rotation needs 9 values (row-major 3 × 3)", nameof(r));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double s = r[i] * r[j] + r[3 + i] * r[3 + j] + r[6 + i] * r[6 + j];
                if (!(Math.Abs(s - (i == j ? 1 : 0)) <= OrthogonalityTolerance))
                    throw new ArgumentException($"the matrix is not orthogonal: (RᵀR)[{i},{j}] = {s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", nameof(r));
            }
    }

    // The 12 vertices (0, ±1, ±φ), (±1, ±φ, 0), (±φ, 0, ±1), normalised.
    private static double[][] Icosahedron()
    {
        double phi = (1 + Math.Sqrt(5.0)) / 2, n = Math.Sqrt(1 + phi * phi);
        double a = 1 / n, b = phi / n;
        var vertices = new List<double[]>(12);
        foreach (double s in new[] { -1.0, 1.0 })
            foreach (double t in new[] { -1.0, 1.0 })
            {
                vertices.Add([0, s * a, t * b]);
                vertices.Add([s * a, t * b, 0]);
                vertices.Add([t * b, 0, s * a]);
            }
        return vertices.ToArray();
    }
}
