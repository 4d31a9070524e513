namespace EOSnet.Model.Equivariant;

/// <summary>
/// The radial basis of the e3nn (v2) network with its smooth cutoff envelope:
/// <c>basis_k(d) = exp(−width·(d − centers[k])²) · (1 − u²)³</c>, <c>u = min(d / cutoff, 1)</c>, k = 0 … count − 1,
/// with <c>centers = linspace(0, cutoff, count)</c>. The envelope is 1 at d = 0 and falls to 0 at the cutoff with
/// zero first and second derivatives, so every basis value vanishes smoothly at and beyond the cutoff.
/// </summary>
public sealed class RadialBasis
{
    private readonly double[] _centers;

    /// <summary>Creates the basis.</summary>
    /// <param name="count">Number of Gaussians (default 16, the reference's <c>num_radial_basis</c>).</param>
    /// <param name="cutoff">Cutoff radius (Å, default 8, the reference's <c>radial_cutoff</c>).</param>
    /// <param name="width">
    /// Gaussian width (Å⁻²). Default 1 / (2Δ²) with Δ = cutoff / (count − 1) the centre spacing: exactly 1.7578125 for
    /// the defaults, the reference's value in exact arithmetic (its float32 build rounds it to 1.7578123).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive or non-finite setting, or count &lt; 2.</exception>
    public RadialBasis(int count = 16, double cutoff = 8.0, double? width = null)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "needs at least 2 centres");
        if (!(cutoff > 0) || double.IsInfinity(cutoff)) throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "cutoff must be a positive finite number of Å");
        double spacing = cutoff / (count - 1);
        double w = width ?? 0.5 / (spacing * spacing);
        if (!(w > 0) || double.IsInfinity(w)) throw new ArgumentOutOfRangeException(nameof(width), w, "width must be positive and finite");
        Count = count;
        Cutoff = cutoff;
        Width = w;
        _centers = new double[count];
        for (int k = 0; k < count; k++) _centers[k] = cutoff * k / (count - 1);
    }

    /// <summary>
    /// Creates the basis with explicit centres and width, e.g. the reference's float32 buffers (its
    /// <c>radial_basis.centers</c> and the width 1.757812261581421) to reproduce its <c>float64</c> variant.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 centres, a non-finite centre, or a bad cutoff or width.</exception>
    public RadialBasis(IReadOnlyList<double> centers, double width, double cutoff = 8.0)
    {
        ArgumentNullException.ThrowIfNull(centers);
        if (centers.Count < 2) throw new ArgumentOutOfRangeException(nameof(centers), centers.Count, "needs at least 2 centres");
        if (centers.Any(c => !double.IsFinite(c))) throw new ArgumentOutOfRangeException(nameof(centers), "centres must be finite");
        if (!(cutoff > 0) || double.IsInfinity(cutoff)) throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "cutoff must be a positive finite number of Å");
        if (!(width > 0) || double.IsInfinity(width)) throw new ArgumentOutOfRangeException(nameof(width), width, "width must be positive and finite");
        Count = centers.Count;
        Cutoff = cutoff;
        Width = width;
        _centers = centers.ToArray();
    }

    /// <summary>Number of basis functions.</summary>
    public int Count { get; }
    /// <summary>Cutoff radius (Å).</summary>
    public double Cutoff { get; }
    /// <summary>Gaussian width (Å⁻²).</summary>
    public double Width { get; }
    /// <summary>Gaussian centres (Å), evenly spaced from 0 to the cutoff.</summary>
    public IReadOnlyList<double> Centers => _centers;

    /// <summary>The envelope (1 − u²)³, u = min(d / cutoff, 1).</summary>
    public double Envelope(double distance)
    {
        double u = Math.Min(distance / Cutoff, 1.0);
        double s = 1 - u * u;
        return s * s * s;
    }

    /// <summary>Writes the <see cref="Count"/> basis values of <paramref name="distance"/> (Å).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Count"/>.</exception>
    public void Evaluate(double distance, Span<double> destination)
    {
        if (destination.Length < Count) throw new ArgumentException($"needs {Count} values", nameof(destination));
        double envelope = Envelope(distance);
        for (int k = 0; k < Count; k++)
        {
            double t = distance - _centers[k];
            destination[k] = Math.Exp(-Width * t * t) * envelope;
        }
    }

    /// <summary>The <see cref="Count"/> basis values of <paramref name="distance"/> (Å).</summary>
    public double[] Evaluate(double distance)
    {
        var result = new double[Count];
        Evaluate(distance, result);
        return result;
    }

    /// <summary>The basis of E distances: a flat E × <see cref="Count"/> array.</summary>
    public double[] EvaluateMany(ReadOnlySpan<double> distances)
    {
        var result = new double[distances.Length * Count];
        for (int e = 0; e < distances.Length; e++) Evaluate(distances[e], result.AsSpan(e * Count, Count));
        return result;
    }
}
