namespace EOSnet.Crystals;

/// <summary>An immutable 3-vector of doubles (Å for positions, dimensionless for fractional coordinates).</summary>
public readonly record struct Vec3(double X, double Y, double Z)
{
    /// <summary>The zero vector.</summary>
    public static Vec3 Zero => default;

    /// <summary>Component by index 0, 1, 2.</summary>
    public double this[int i] => i switch { 0 => X, 1 => Y, 2 => Z, _ => throw new IndexOutOfRangeException() };

    /// <summary>Sum.</summary>
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    /// <summary>Difference.</summary>
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    /// <summary>Negation.</summary>
    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);
    /// <summary>Scaling.</summary>
    public static Vec3 operator *(double s, Vec3 a) => new(s * a.X, s * a.Y, s * a.Z);
    /// <summary>Scaling.</summary>
    public static Vec3 operator *(Vec3 a, double s) => new(s * a.X, s * a.Y, s * a.Z);

    /// <summary>Dot product.</summary>
    public double Dot(Vec3 b) => X * b.X + Y * b.Y + Z * b.Z;
    /// <summary>Cross product.</summary>
    public Vec3 Cross(Vec3 b) => new(Y * b.Z - Z * b.Y, Z * b.X - X * b.Z, X * b.Y - Y * b.X);
    /// <summary>Squared Euclidean length.</summary>
    public double LengthSquared => X * X + Y * Y + Z * Z;
    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt(LengthSquared);
    /// <summary>True when every component is finite.</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Z);
    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"({X:G10}, {Y:G10}, {Z:G10})");
}
