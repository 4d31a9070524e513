namespace EOSnet.MLNet;

/// <summary>The arithmetic behind <see cref="PoolFingerprintsTransformer"/>, usable without ML.NET.</summary>
public static class FingerprintPooling
{
    /// <summary>
    /// Writes mean, population standard deviation, min and max over the <paramref name="atoms"/> rows of a row-major
    /// atoms × <paramref name="width"/> matrix into <paramref name="destination"/> (4 × width values, grouped by statistic).
    /// </summary>
    public static void Pool(ReadOnlySpan<float> values, int atoms, int width, Span<float> destination)
    {
        if (values.Length != atoms * width) throw new ArgumentException("values must hold atoms × width numbers");
        for (int k = 0; k < width; k++)
        {
            double sum = 0, sq = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int i = 0; i < atoms; i++)
            {
                double v = values[i * width + k];
                sum += v; sq += v * v;
                if (v < min) min = v;
                if (v > max) max = v;
            }
            double mean = sum / atoms;
            double var = Math.Max(0, sq / atoms - mean * mean);
            destination[k] = (float)mean;
            destination[width + k] = (float)Math.Sqrt(var);
            destination[2 * width + k] = (float)min;
            destination[3 * width + k] = (float)max;
        }
    }

    /// <summary>Writes the fraction of atoms with Z = 1…112 into <paramref name="destination"/> (112 values).</summary>
    public static void Composition(ReadOnlySpan<int> atomicNumbers, Span<float> destination)
    {
        destination[..PoolFingerprintsOptions.CompositionLength].Clear();
        foreach (var z in atomicNumbers)
        {
            if (z < 1 || z > PoolFingerprintsOptions.CompositionLength) throw new ArgumentOutOfRangeException(nameof(atomicNumbers), $"Z = {z} outside 1…112");
            destination[z - 1] += 1f / atomicNumbers.Length;
        }
    }
}
