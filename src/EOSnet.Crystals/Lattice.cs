namespace EOSnet.Crystals;

/// <summary>
/// An immutable crystal lattice: three lattice vectors a, b, c (the <b>rows</b> of the 3×3 matrix L, in Å).
/// Cartesian = fractional · L.
/// </summary>
public sealed class Lattice : IEquatable<Lattice>
{
    private readonly Vec3 _a, _b, _c;
    private readonly Vec3 _ra, _rb, _rc; // reciprocal vectors without 2π: a·ra = 1, a·rb = 0, ... (columns of L⁻¹)

    /// <summary>Creates a lattice from its three vectors (Å).</summary>
    /// <exception cref="InvalidStructureException">When a component is not finite or the volume is (nearly) zero.</exception>
    public Lattice(Vec3 a, Vec3 b, Vec3 c)
    {
        if (!a.IsFinite || !b.IsFinite || !c.IsFinite)
            throw new InvalidStructureException("lattice vectors must be finite numbers");
        _a = a; _b = b; _c = c;
        Volume = a.Dot(b.Cross(c));
        double scale = a.Length * b.Length * c.Length;
        if (!(Math.Abs(Volume) > 1e-10 * scale) || scale == 0)
            throw new InvalidStructureException(FormattableString.Invariant($"degenerate lattice: volume {Volume:G6} Å³ for vector lengths {a.Length:G6}, {b.Length:G6}, {c.Length:G6} Å"));
        _ra = b.Cross(c) * (1.0 / Volume);
        _rb = c.Cross(a) * (1.0 / Volume);
        _rc = a.Cross(b) * (1.0 / Volume);
    }

    /// <summary>Creates a lattice from a row-major 3×3 matrix (9 values: a then b then c).</summary>
    public static Lattice FromRows(ReadOnlySpan<double> m)
    {
        if (m.Length != 9) throw new ArgumentException($"a lattice needs 9 values, got {m.Length}", nameof(m));
        return new Lattice(new Vec3(m[0], m[1], m[2]), new Vec3(m[3], m[4], m[5]), new Vec3(m[6], m[7], m[8]));
    }

    /// <summary>Creates a lattice from a 3×3 array (rows are vectors).</summary>
    public static Lattice FromRows(double[,] m) => FromRows(new[] { m[0, 0], m[0, 1], m[0, 2], m[1, 0], m[1, 1], m[1, 2], m[2, 0], m[2, 1], m[2, 2] });

    /// <summary>
    /// Creates a lattice from cell parameters (lengths in Å, angles in degrees) in the standard orientation used by
    /// CIF readers (pymatgen's <c>Lattice.from_parameters</c>): c along z... specifically a along x, b in the xy plane.
    /// </summary>
    public static Lattice FromParameters(double a, double b, double c, double alpha, double beta, double gamma)
    {
        if (!(a > 0) || !(b > 0) || !(c > 0)) throw new InvalidStructureException(FormattableString.Invariant($"cell lengths must be positive: a={a}, b={b}, c={c}"));
        double ca = CosDeg(alpha), cb = CosDeg(beta), cg = CosDeg(gamma), sg = SinDeg(gamma);
        var va = new Vec3(a, 0, 0);
        var vb = new Vec3(b * cg, b * sg, 0);
        double cx = c * cb;
        double cy = c * (ca - cb * cg) / sg;
        double cz2 = c * c - cx * cx - cy * cy;
        if (!(cz2 > 0)) throw new InvalidStructureException(FormattableString.Invariant($"cell angles alpha={alpha}, beta={beta}, gamma={gamma} do not form a valid cell"));
        return new Lattice(va, vb, new Vec3(cx, cy, Math.Sqrt(cz2)));
    }

    // Exact values at multiples of 90° keep orthogonal cells exactly orthogonal.
    private static double CosDeg(double deg) => deg == 90 ? 0 : deg == 180 ? -1 : deg == 60 ? 0.5 : deg == 120 ? -0.5 : Math.Cos(deg * Math.PI / 180);
    private static double SinDeg(double deg) => deg == 90 ? 1 : deg == 180 ? 0 : Math.Sin(deg * Math.PI / 180);

    /// <summary>First lattice vector (Å).</summary>
    public Vec3 A => _a;
    /// <summary>Second lattice vector (Å).</summary>
    public Vec3 B => _b;
    /// <summary>Third lattice vector (Å).</summary>
    public Vec3 C => _c;
    /// <summary>Lattice vector by index.</summary>
    public Vec3 this[int i] => i switch { 0 => _a, 1 => _b, 2 => _c, _ => throw new IndexOutOfRangeException() };
    /// <summary>Signed volume det(L) in Å³ (negative for a left-handed basis).</summary>
    public double Volume { get; }
    /// <summary>Reciprocal vectors b_k with a_i·b_k = δ_ik (no 2π factor), i.e. the columns of L⁻¹.</summary>
    public Vec3 Reciprocal(int k) => k switch { 0 => _ra, 1 => _rb, 2 => _rc, _ => throw new IndexOutOfRangeException() };
    /// <summary>Lengths |a|, |b|, |c| (Å).</summary>
    public (double A, double B, double C) Lengths => (_a.Length, _b.Length, _c.Length);

    /// <summary>Angles α (b,c), β (a,c), γ (a,b) in degrees.</summary>
    public (double Alpha, double Beta, double Gamma) Angles => (Angle(_b, _c), Angle(_a, _c), Angle(_a, _b));

    private static double Angle(Vec3 u, Vec3 v) => Math.Acos(Math.Clamp(u.Dot(v) / (u.Length * v.Length), -1, 1)) * 180 / Math.PI;

    /// <summary>The matrix as 9 row-major values.</summary>
    public double[] ToRowMajor() => new[] { _a.X, _a.Y, _a.Z, _b.X, _b.Y, _b.Z, _c.X, _c.Y, _c.Z };

    /// <summary>Fractional → Cartesian (f · L).</summary>
    public Vec3 ToCartesian(Vec3 f) => f.X * _a + f.Y * _b + f.Z * _c;

    /// <summary>Cartesian → fractional (r · L⁻¹).</summary>
    public Vec3 ToFractional(Vec3 r) => new(r.Dot(_ra), r.Dot(_rb), r.Dot(_rc));

    /// <summary>A lattice scaled by integer multiples along each vector (supercell).</summary>
    public Lattice Scale(int na, int nb, int nc) => new(na * _a, nb * _b, nc * _c);

    /// <inheritdoc />
    public bool Equals(Lattice? other) => other is not null && _a == other._a && _b == other._b && _c == other._c;
    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Lattice);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c);
    /// <inheritdoc />
    public override string ToString() => $"[{_a}, {_b}, {_c}]";
}
