namespace EOSnet.TestSupport;

/// <summary>Seeded random orthogonal matrices for equivariance tests (row-major 3 × 3, v' = R v).</summary>
public static class RandomRotation
{
    /// <summary>
    /// A uniformly random proper rotation (unit quaternion from four normal deviates); with
    /// <paramref name="improper"/> its negative (det −1, a rotation times the inversion).
    /// </summary>
    public static double[] Next(Random rng, bool improper = false)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double w = Normal(rng), x = Normal(rng), y = Normal(rng), z = Normal(rng);
        double n = Math.Sqrt(w * w + x * x + y * y + z * z);
        (w, x, y, z) = (w / n, x / n, y / n, z / n);
        double s = improper ? -1 : 1;
        return
        [
            s * (1 - 2 * (y * y + z * z)), s * 2 * (x * y - w * z), s * 2 * (x * z + w * y),
            s * 2 * (x * y + w * z), s * (1 - 2 * (x * x + z * z)), s * 2 * (y * z - w * x),
            s * 2 * (x * z - w * y), s * 2 * (y * z + w * x), s * (1 - 2 * (x * x + y * y)),
        ];
    }

    /// <summary>R v for a row-major 3 × 3 matrix.</summary>
    public static (double X, double Y, double Z) Apply(double[] r, double x, double y, double z)
    {
        ArgumentNullException.ThrowIfNull(r);
        return (r[0] * x + r[1] * y + r[2] * z, r[3] * x + r[4] * y + r[5] * z, r[6] * x + r[7] * y + r[8] * z);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
