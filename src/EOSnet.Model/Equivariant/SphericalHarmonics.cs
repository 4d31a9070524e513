namespace EOSnet.Model.Equivariant;

/// <summary>
/// Real spherical harmonics of degree l ≤ 2 in e3nn's convention (<c>o3.spherical_harmonics('1x0e+1x1o+1x2e', v,
/// normalize=True, normalization='component')</c>). With (x, y, z) = v / max(|v|, 10⁻¹²) the nine values are
/// <c>[1, √3x, √3y, √3z, √15xz, √15xy, √5(y² − (x²+z²)/2), √15yz, (√15/2)(z² − x²)]</c>: degree l occupies
/// <c>l² … l² + 2l</c>, the l = 1 block is in (x, y, z) order, and each block has component normalisation
/// (Σ_m Y^l_m² = 2l + 1 on unit vectors, mean square 1 over the sphere). The zero vector gives [1, 0, …, 0].
/// Each block is equivariant: Y^l(Rv) = D^l(R) Y^l(v) with <see cref="WignerD"/>.
/// </summary>
public static class SphericalHarmonics
{
    /// <summary>The largest degree supported.</summary>
    public const int MaxDegree = 2;

    /// <summary>Number of values for all degrees 0 … <see cref="MaxDegree"/>: (l_max + 1)² = 9.</summary>
    public const int Count = (MaxDegree + 1) * (MaxDegree + 1);

    /// <summary>Vectors are divided by max(|v|, this) before evaluation (torch's <c>normalize</c> epsilon).</summary>
    public const double NormFloor = 1e-12;

    private static readonly double Sqrt3 = Math.Sqrt(3.0), Sqrt5 = Math.Sqrt(5.0), Sqrt15 = Math.Sqrt(15.0);

    /// <summary>Index of the first value of degree <paramref name="l"/> in the full vector (l²).</summary>
    public static int Offset(int l) => CheckDegree(l) * l;

    /// <summary>Number of values of degree <paramref name="l"/> (2l + 1).</summary>
    public static int Dimension(int l) => 2 * CheckDegree(l) + 1;

    /// <summary>Writes the <see cref="Count"/> values for vector (x, y, z) to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Count"/>.</exception>
    public static void Evaluate(double x, double y, double z, Span<double> destination)
    {
        if (destination.Length < Count) throw new ArgumentException($"needs {Count} values", nameof(destination));
        (x, y, z) = Normalize(x, y, z);
        destination[0] = 1.0;
        WriteDegree1(x, y, z, destination.Slice(1, 3));
        WriteDegree2(x, y, z, destination.Slice(4, 5));
    }

    /// <summary>The <see cref="Count"/> values for vector (x, y, z).</summary>
    public static double[] Evaluate(double x, double y, double z)
    {
        var result = new double[Count];
        Evaluate(x, y, z, result);
        return result;
    }

    /// <summary>Writes the 2l + 1 values of degree <paramref name="l"/> only.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 2l + 1.</exception>
    public static void EvaluateDegree(int l, double x, double y, double z, Span<double> destination)
    {
        int dim = Dimension(l);
        if (destination.Length < dim) throw new ArgumentException($"degree {l} needs {dim} values", nameof(destination));
        (x, y, z) = Normalize(x, y, z);
        switch (l)
        {
            case 0: destination[0] = 1.0; break;
            case 1: WriteDegree1(x, y, z, destination); break;
            default: WriteDegree2(x, y, z, destination); break;
        }
    }

    /// <summary>
    /// The harmonics of E vectors given as a flat E × 3 array (row-major, as an edge-vector list): a flat E × 9
    /// array.
    /// </summary>
    /// <exception cref="ArgumentException">The length of <paramref name="vectors"/> is not a multiple of 3.</exception>
    public static double[] EvaluateMany(ReadOnlySpan<double> vectors)
    {
        if (vectors.Length % 3 != 0) throw new ArgumentException("vectors must hold 3 values per vector", nameof(vectors));
        int e = vectors.Length / 3;
        var result = new double[e * Count];
        for (int k = 0; k < e; k++)
            Evaluate(vectors[3 * k], vectors[3 * k + 1], vectors[3 * k + 2], result.AsSpan(k * Count, Count));
        return result;
    }

    private static (double X, double Y, double Z) Normalize(double x, double y, double z)
    {
        double n = Math.Max(Math.Sqrt(x * x + y * y + z * z), NormFloor);
        return (x / n, y / n, z / n);
    }

    private static void WriteDegree1(double x, double y, double z, Span<double> d)
    {
        d[0] = Sqrt3 * x;
        d[1] = Sqrt3 * y;
        d[2] = Sqrt3 * z;
    }

    private static void WriteDegree2(double x, double y, double z, Span<double> d)
    {
        d[0] = Sqrt15 * x * z;
        d[1] = Sqrt15 * x * y;
        d[2] = Sqrt5 * (y * y - 0.5 * (x * x + z * z));
        d[3] = Sqrt15 * y * z;
        d[4] = 0.5 * Sqrt15 * (z * z - x * x);
    }

    internal static int CheckDegree(int l) =>
        l is >= 0 and <= MaxDegree ? l : throw new ArgumentOutOfRangeException(nameof(l), l, $"degree must be 0 … {MaxDegree}");
}
