using System.Collections.Concurrent;

namespace EOSnet.Model.Equivariant;

/// <summary>
/// Real Wigner-3j coefficients C^{l1 l2 l3} for l ≤ 2 in e3nn's real basis (the basis of
/// <see cref="SphericalHarmonics"/>): the tensor of shape (2l1+1, 2l2+1, 2l3+1), unit Frobenius norm, invariant
/// under every rotation, Σ_ijk D^{l1}_ai D^{l2}_bj D^{l3}_ck C_ijk = C_abc. It exists for the 15 triangle-allowed
/// triples |l1 − l2| ≤ l3 ≤ l1 + l2 and is unique up to its sign.
/// </summary>
/// <remarks>
/// <para>Computed by the project from the definition: the null space of Σ_g (K_g − I)ᵀ(K_g − I), where
/// K_g = D^{l1}(R_g) ⊗ D^{l2}(R_g) ⊗ D^{l3}(R_g) for three fixed generic rotations R_g (two generic rotations already
/// generate a dense subgroup of SO(3), so their common invariants are the SO(3) invariants), found by a Jacobi
/// eigen-decomposition and checked to be one-dimensional.</para>
/// <para>Sign (the rule e3nn's values follow, found from its dumped tensors and checked for all 15 triples):
/// write T(a, b, c) = Σ_ijk C_ijk Y^{l1}_i(a) Y^{l2}_j(b) Y^{l3}_k(c).
/// If l1 + l2 + l3 is even, T(n, n, n) &gt; 0 (T(n, n, n) is then the same positive constant for every unit n:
/// C is a positive multiple of the Gaunt tensor ⟨Y_i Y_j Y_k⟩ over the sphere).
/// If l1 + l2 + l3 is odd ((1,1,1), (1,2,2), (2,1,2), (2,2,1)), T(a, b, c) has the sign of the triple product
/// a·(b×c), multiplied, when two of the degrees are 2, by the dot product of those two arguments
/// (so C^{111} = ε/√6, the Levi-Civita tensor).</para>
/// </remarks>
public static class Wigner3j
{
    private static readonly ConcurrentDictionary<(int, int, int), double[,,]> Cache = new();

    /// <summary>True when (l1, l2, l3) are degrees 0 … 2 satisfying the triangle rule.</summary>
    public static bool IsAllowed(int l1, int l2, int l3) =>
        l1 is >= 0 and <= SphericalHarmonics.MaxDegree && l2 is >= 0 and <= SphericalHarmonics.MaxDegree
        && l3 is >= 0 and <= SphericalHarmonics.MaxDegree && l3 >= Math.Abs(l1 - l2) && l3 <= l1 + l2;

    /// <summary>All allowed triples, in lexicographic order (15 of them).</summary>
    public static IReadOnlyList<(int L1, int L2, int L3)> AllowedTriples()
    {
        var list = new List<(int, int, int)>();
        for (int a = 0; a <= SphericalHarmonics.MaxDegree; a++)
            for (int b = 0; b <= SphericalHarmonics.MaxDegree; b++)
                for (int c = 0; c <= SphericalHarmonics.MaxDegree; c++)
                    if (IsAllowed(a, b, c)) list.Add((a, b, c));
        return list;
    }

    /// <summary>C^{l1 l2 l3} as a new (2l1+1) × (2l2+1) × (2l3+1) array.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The triple is not allowed (<see cref="IsAllowed"/>).</exception>
    public static double[,,] Compute(int l1, int l2, int l3)
    {
        if (!IsAllowed(l1, l2, l3))
            throw new ArgumentOutOfRangeException(nameof(l3), FormattableString.Invariant($"({l1},{l2},{l3}) is not a triangle-allowed triple of degrees ≤ {SphericalHarmonics.MaxDegree}"));
        return (double[,,])Cache.GetOrAdd((l1, l2, l3), static k => Solve(k.Item1, k.Item2, k.Item3)).Clone();
    }

    private static double[,,] Solve(int l1, int l2, int l3)
    {
        int n1 = 2 * l1 + 1, n2 = 2 * l2 + 1, n3 = 2 * l3 + 1, n = n1 * n2 * n3;
        var gram = new double[n, n];
        foreach (var r in Rotations())
            AddGram(gram, Kronecker(WignerD.Compute(l1, r), WignerD.Compute(l2, r), WignerD.Compute(l3, r)));
        var (values, vectors) = JacobiEigen.Decompose(gram);
        if (!(Math.Abs(values[0]) < 1e-10) || (n > 1 && !(values[1] > 1e-3)))
            throw new InvalidOperationException(FormattableString.Invariant($"the invariant space of ({l1},{l2},{l3}) is not one-dimensional (eigenvalues {values[0]:G3}, {(n > 1 ? values[1] : double.NaN):G3})"));
        var c = new double[n1, n2, n3];
        double norm = 0;
        for (int k = 0; k < n; k++) norm += vectors[k, 0] * vectors[k, 0];
        norm = Math.Sqrt(norm);
        for (int i = 0, k = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                for (int m = 0; m < n3; m++, k++) c[i, j, m] = vectors[k, 0] / norm;
        if (SignProbe(c, l1, l2, l3) < 0)
            for (int i = 0; i < n1; i++)
                for (int j = 0; j < n2; j++)
                    for (int m = 0; m < n3; m++) c[i, j, m] = -c[i, j, m];
        return c;
    }

    /// <summary>T(a, b, c) divided by its required sign (see the remarks): positive for e3nn's sign.</summary>
    private static double SignProbe(double[,,] c, int l1, int l2, int l3)
    {
        double[] a = Unit(1.0, 0.3, -0.4), b = Unit(0.2, 1.0, 0.5), d = Unit(-0.3, 0.6, 1.0);
        bool even = (l1 + l2 + l3) % 2 == 0;
        if (even) { b = a; d = a; }
        double t = Contract(c, l1, l2, l3, a, b, d);
        double expected = 1;
        if (!even)
        {
            expected = a[0] * (b[1] * d[2] - b[2] * d[1]) + a[1] * (b[2] * d[0] - b[0] * d[2]) + a[2] * (b[0] * d[1] - b[1] * d[0]);
            if (l2 == 2 && l3 == 2) expected *= Dot(b, d);
            else if (l1 == 2 && l3 == 2) expected *= Dot(a, d);
            else if (l1 == 2 && l2 == 2) expected *= Dot(a, b);
        }
        double probe = t * Math.Sign(expected);
        if (!(Math.Abs(probe) > 1e-3)) throw new InvalidOperationException("the sign probe of the Wigner-3j tensor is degenerate");
        return probe;
    }

    /// <summary>C contracted with the harmonics of three directions: Σ C[i,j,k]·Y^{l1}(a)_i·Y^{l2}(b)_j·Y^{l3}(d)_k.</summary>
    internal static double Contract(double[,,] c, int l1, int l2, int l3, double[] a, double[] b, double[] d)
    {
        Span<double> ya = stackalloc double[2 * l1 + 1], yb = stackalloc double[2 * l2 + 1], yd = stackalloc double[2 * l3 + 1];
        SphericalHarmonics.EvaluateDegree(l1, a[0], a[1], a[2], ya);
        SphericalHarmonics.EvaluateDegree(l2, b[0], b[1], b[2], yb);
        SphericalHarmonics.EvaluateDegree(l3, d[0], d[1], d[2], yd);
        double t = 0;
        for (int i = 0; i < ya.Length; i++)
            for (int j = 0; j < yb.Length; j++)
                for (int k = 0; k < yd.Length; k++) t += c[i, j, k] * ya[i] * yb[j] * yd[k];
        return t;
    }

    private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

    private static double[] Unit(double x, double y, double z)
    {
        double n = Math.Sqrt(x * x + y * y + z * z);
        return [x / n, y / n, z / n];
    }

    // K = A ⊗ B ⊗ C with the row-major flattening (i, j, k) → (i·n2 + j)·n3 + k.
    private static double[,] Kronecker(double[,] a, double[,] b, double[,] c)
    {
        int n1 = a.GetLength(0), n2 = b.GetLength(0), n3 = c.GetLength(0), n = n1 * n2 * n3;
        var k = new double[n, n];
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                for (int m = 0; m < n3; m++)
                    for (int p = 0; p < n1; p++)
                        for (int q = 0; q < n2; q++)
                            for (int r = 0; r < n3; r++)
                                k[(i * n2 + j) * n3 + m, (p * n2 + q) * n3 + r] = a[i, p] * b[j, q] * c[m, r];
        return k;
    }

    // gram += (K − I)ᵀ (K − I).
    private static void AddGram(double[,] gram, double[,] k)
    {
        int n = k.GetLength(0);
        for (int i = 0; i < n; i++) k[i, i] -= 1;
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++)
            {
                double s = 0;
                for (int r = 0; r < n; r++) s += k[r, p] * k[r, q];
                gram[p, q] += s;
            }
    }

    // Three fixed proper rotations about generic axes by generic angles (Rodrigues' formula).
    private static IEnumerable<double[]> Rotations()
    {
        yield return AxisAngle(0.36, 0.48, 0.80, 1.1);
        yield return AxisAngle(-0.70, 0.20, 0.40, 2.3);
        yield return AxisAngle(0.15, -0.90, 0.30, 0.7);
    }

    private static double[] AxisAngle(double x, double y, double z, double angle)
    {
        var u = Unit(x, y, z);
        double c = Math.Cos(angle), s = Math.Sin(angle), t = 1 - c;
        return
        [
            c + t * u[0] * u[0], t * u[0] * u[1] - s * u[2], t * u[0] * u[2] + s * u[1],
            t * u[1] * u[0] + s * u[2], c + t * u[1] * u[1], t * u[1] * u[2] - s * u[0],
            t * u[2] * u[0] - s * u[1], t * u[2] * u[1] + s * u[0], c + t * u[2] * u[2],
        ];
    }
}
