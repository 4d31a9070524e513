namespace EOSnet.Featurization;

/// <summary>Whether each edge expansion vector is normalised.</summary>
public enum EdgeNormalization
{
    /// <summary>Raw Gaussian expansion (current reference).</summary>
    None,
    /// <summary>Entries below 1e-10 set to 0, then each vector divided by its L2 norm (paper era).</summary>
    L2,
}

/// <summary>
/// The Gaussian expansion of a distance: e_k(d) = exp(−(d − μ_k)²/w²) with μ_k = dmin + k·δ,
/// δ = (dmin + step) − dmin in float64 (so the reference's 76 centres are reproduced bit for bit).
/// </summary>
public sealed class GaussianDistance
{
    /// <summary>Creates the expansion; defaults are the reference's (0.5 … 8.0 Å, step 0.1, width 1.0 → 76 centres).</summary>
    public GaussianDistance(double dmin = 0.5, double dmax = 8.0, double step = 0.1, double width = 1.0, EdgeNormalization normalization = EdgeNormalization.None)
    {
        if (!(step > 0) || !(width > 0) || !(dmax > dmin)) throw new ArgumentOutOfRangeException(nameof(step), "need dmax > dmin, step > 0 and width > 0");
        double delta = (dmin + step) - dmin;
        // numpy.arange(dmin, dmax + step, step): count = ceil((stop - start) / step) with the float64 values.
        int count = (int)Math.Ceiling(((dmax + step) - dmin) / step);
        Centres = Enumerable.Range(0, count).Select(k => dmin + k * delta).ToArray();
        Width = width;
        Normalization = normalization;
    }

    /// <summary>The centres μ_k (Å).</summary>
    public double[] Centres { get; }
    /// <summary>The width w (Å).</summary>
    public double Width { get; }
    /// <summary>Normalisation of each expansion vector.</summary>
    public EdgeNormalization Normalization { get; }
    /// <summary>Number of centres.</summary>
    public int Length => Centres.Length;

    /// <summary>Writes the expansion of <paramref name="distance"/> into <paramref name="destination"/> (Length values).</summary>
    public void Expand(double distance, Span<double> destination)
    {
        double inv = 1.0 / (Width * Width);
        for (int k = 0; k < Centres.Length; k++)
        {
            double t = distance - Centres[k];
            destination[k] = Math.Exp(-(t * t) * inv);
        }
        if (Normalization == EdgeNormalization.L2)
        {
            double n2 = 0;
            for (int k = 0; k < Centres.Length; k++)
            {
                if (destination[k] < 1e-10) destination[k] = 0;
                n2 += destination[k] * destination[k];
            }
            double norm = Math.Sqrt(n2);
            if (norm > 0) for (int k = 0; k < Centres.Length; k++) destination[k] /= norm;
        }
    }

    /// <summary>The expansion of one distance.</summary>
    public double[] Expand(double distance)
    {
        var v = new double[Length];
        Expand(distance, v);
        return v;
    }
}
