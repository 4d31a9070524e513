namespace EOSnet.Featurization;

/// <summary>
/// The featurized form of one crystal, as the EOSnet network consumes it: per-atom fingerprints and the padded
/// neighbour graph. Flat row-major arrays (N atoms): fingerprints N × <see cref="FingerprintLength"/>, neighbours
/// N × <see cref="MaxNeighbors"/>. The 76-Gaussian edge expansion is not stored; the model computes it from the
/// distances.
/// </summary>
/// <param name="Id">Structure identifier, or null.</param>
/// <param name="AtomicNumbers">Z per atom (1…112); the model's one-hot part is a lookup on these.</param>
/// <param name="AtomFingerprints">N × FingerprintLength GOM fingerprint values (float32, already normalised).</param>
/// <param name="FingerprintLength">Fingerprint values per atom (<see cref="GomOptions.DefaultFingerprintLength"/> by default).</param>
/// <param name="NeighborIndices">N × MaxNeighbors neighbour atom indices (0-based within this crystal), padded.</param>
/// <param name="NeighborDistances">N × MaxNeighbors neighbour distances in Å (float64), padded.</param>
/// <param name="MaxNeighbors">Neighbour slots per atom (<see cref="GraphOptions.DefaultMaxNeighbors"/> by default).</param>
public sealed record CrystalGraph(
    string? Id,
    int[] AtomicNumbers,
    float[] AtomFingerprints,
    int FingerprintLength,
    int[] NeighborIndices,
    double[] NeighborDistances,
    int MaxNeighbors)
{
    /// <summary>Number of atoms.</summary>
    public int AtomCount => AtomicNumbers.Length;

    /// <summary>Checks that the array lengths agree with the declared widths; throws <see cref="ArgumentException"/> otherwise.</summary>
    public CrystalGraph Validate()
    {
        int n = AtomicNumbers.Length;
        string who = Id is null ? "crystal graph" : $"crystal graph '{Id}'";
        if (n == 0) throw new ArgumentException($"{who} has no atoms");
        if (FingerprintLength < 0 || AtomFingerprints.Length != n * FingerprintLength)
            throw new ArgumentException($"{who}: {AtomFingerprints.Length} fingerprint values for {n} atoms × {FingerprintLength}");
        if (MaxNeighbors <= 0 || NeighborIndices.Length != n * MaxNeighbors || NeighborDistances.Length != n * MaxNeighbors)
            throw new ArgumentException($"{who}: neighbour arrays ({NeighborIndices.Length}, {NeighborDistances.Length}) do not match {n} atoms × {MaxNeighbors}");
        foreach (var j in NeighborIndices)
            if ((uint)j >= (uint)n) throw new ArgumentException($"{who}: neighbour index {j} outside 0…{n - 1}");
        return this;
    }
}
