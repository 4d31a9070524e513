using EOSnet.Crystals;
using EOSnet.Featurization;
using static TorchSharp.torch;

namespace EOSnet.Model.Equivariant;

/// <summary>One structure's input to <see cref="EosNetV2"/>: atom features and its edge list (no padding, no cap).</summary>
/// <param name="AtomCount">Number of atoms N.</param>
/// <param name="AtomFeatures">N × F atom features, row-major (one-hot(Z, 113) ⊕ 66 GOM values for the reference).</param>
/// <param name="Sources">Source atom of each edge.</param>
/// <param name="Destinations">Destination atom of each edge (messages are summed there).</param>
/// <param name="Vectors">E × 3 edge vectors r_dst − r_src + S·L (Å), row-major.</param>
public sealed record EquivariantSample(int AtomCount, double[] AtomFeatures, int[] Sources, int[] Destinations, double[] Vectors)
{
    /// <summary>The sample of <paramref name="graph"/> with the atom features <paramref name="atomFeatures"/> (N × F, row-major).</summary>
    public static EquivariantSample From(EquivariantGraph graph, double[] atomFeatures)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new EquivariantSample(graph.AtomCount, atomFeatures, graph.Sources, graph.Destinations, graph.Vectors);
    }

    /// <summary>
    /// The reference pipeline's input for <paramref name="crystal"/> (<c>process_structure_e3nn</c>): the edges within
    /// <paramref name="cutoff"/> (<see cref="EquivariantGraphBuilder"/>) and the atom features one-hot(Z, 113) ⊕ the
    /// GOM fingerprint (66 values with the default options), in double precision.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An atomic number outside 1 … 112.</exception>
    public static EquivariantSample FromCrystal(Crystal crystal, GomFingerprint? gom = null, double cutoff = EquivariantGraphBuilder.DefaultCutoff)
    {
        ArgumentNullException.ThrowIfNull(crystal);
        var graph = EquivariantGraphBuilder.Build(crystal, cutoff);
        var fp = (gom ?? new GomFingerprint()).Compute(crystal);
        var features = AtomFeatureRows(crystal.AtomicNumbers, fp.FingerprintLength, (i, row) => fp.Of(i).CopyTo(row));
        return From(graph, features);
    }

    /// <summary>
    /// The sample of featurized columns (an ML.NET row, a feature cache): atom features one-hot(Z, 113) ⊕ the
    /// <paramref name="fingerprintLength"/> fingerprint values of each atom (float32, widened exactly) and the edge list.
    /// </summary>
    /// <param name="atomicNumbers">Z of each atom.</param>
    /// <param name="fingerprints">N × <paramref name="fingerprintLength"/> fingerprint values, atom by atom.</param>
    /// <param name="fingerprintLength">Fingerprint values per atom (0: one-hot only).</param>
    /// <param name="sources">Source atom of each edge.</param>
    /// <param name="destinations">Destination atom of each edge.</param>
    /// <param name="vectors">E × 3 edge vectors (Å), row-major.</param>
    /// <exception cref="ArgumentException">The fingerprint values do not match the atom count, or an atomic number is outside 1 … 112.</exception>
    public static EquivariantSample FromFeatures(IReadOnlyList<int> atomicNumbers, float[] fingerprints, int fingerprintLength, int[] sources, int[] destinations, double[] vectors)
    {
        ArgumentNullException.ThrowIfNull(atomicNumbers);
        ArgumentNullException.ThrowIfNull(fingerprints);
        if (fingerprintLength < 0 || fingerprints.Length != atomicNumbers.Count * fingerprintLength)
            throw new ArgumentException($"{fingerprints.Length} fingerprint values for {atomicNumbers.Count} atoms of {fingerprintLength} values", nameof(fingerprints));
        var features = AtomFeatureRows(atomicNumbers, fingerprintLength, (i, row) =>
        {
            for (int k = 0; k < fingerprintLength; k++) row[k] = fingerprints[i * fingerprintLength + k];
        });
        return new EquivariantSample(atomicNumbers.Count, features, sources, destinations, vectors);
    }

    /// <summary>N rows of one-hot(Z, 113) followed by <paramref name="fingerprintLength"/> values that <paramref name="fill"/> writes.</summary>
    private static double[] AtomFeatureRows(IReadOnlyList<int> atomicNumbers, int fingerprintLength, Action<int, Span<double>> fill)
    {
        int oneHot = Featurization.AtomFeatures.OneHotLength, width = oneHot + fingerprintLength;
        var features = new double[atomicNumbers.Count * width];
        for (int i = 0; i < atomicNumbers.Count; i++)
        {
            int z = atomicNumbers[i];
            if (z < 1 || z >= oneHot) throw new ArgumentOutOfRangeException(nameof(atomicNumbers), $"Z = {z} outside 1…{oneHot - 1}");
            features[i * width + z] = 1;
            fill(i, features.AsSpan(i * width + oneHot, fingerprintLength));
        }
        return features;
    }
}

/// <summary>
/// Several structures batched as the reference's <c>collate_pool_e3nn</c> does: atom rows concatenated, edge atom
/// indices shifted by each structure's atom offset, edge vectors concatenated; <see cref="CrystalIndex"/> maps atoms
/// to structures. Owns its tensors.
/// </summary>
public sealed class EquivariantBatch : IDisposable
{
    private EquivariantBatch(Tensor atomFeatures, Tensor source, Tensor destination, Tensor vectors, Tensor crystalIndex, Tensor atomCounts, int crystalCount)
    {
        AtomFeatures = atomFeatures;
        EdgeSource = source;
        EdgeDestination = destination;
        EdgeVectors = vectors;
        CrystalIndex = crystalIndex;
        AtomCounts = atomCounts;
        CrystalCount = crystalCount;
    }

    /// <summary>N × F atom features.</summary>
    public Tensor AtomFeatures { get; }
    /// <summary>E source atoms (int64, batch-wide indices).</summary>
    public Tensor EdgeSource { get; }
    /// <summary>E destination atoms (int64, batch-wide indices).</summary>
    public Tensor EdgeDestination { get; }
    /// <summary>E × 3 edge vectors (Å).</summary>
    public Tensor EdgeVectors { get; }
    /// <summary>N structure indices (int64).</summary>
    public Tensor CrystalIndex { get; }
    /// <summary>B atom counts (floating, the features' dtype).</summary>
    public Tensor AtomCounts { get; }
    /// <summary>Number of structures B.</summary>
    public int CrystalCount { get; }
    /// <summary>Number of atoms N.</summary>
    public long AtomCount => AtomFeatures.shape[0];
    /// <summary>Number of edges E.</summary>
    public long EdgeCount => EdgeSource.shape[0];

    /// <summary>Batches <paramref name="samples"/> into tensors of <paramref name="dtype"/> (float32 or float64) on <paramref name="device"/> (CPU when null).</summary>
    /// <exception cref="ArgumentException">No sample, a structure without atoms, inconsistent lengths or an atom index out of range.</exception>
    public static EquivariantBatch Create(IReadOnlyList<EquivariantSample> samples, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0) throw new ArgumentException("no structures", nameof(samples));
        int features = samples[0].AtomCount > 0 ? samples[0].AtomFeatures.Length / samples[0].AtomCount : 0;
        int atoms = 0, edges = 0;
        foreach (var s in samples)
        {
            if (s.AtomCount < 1) throw new ArgumentException("a structure has no atoms", nameof(samples));
            if (s.AtomFeatures.Length != s.AtomCount * features) throw new ArgumentException($"atom features must be {features} per atom", nameof(samples));
            if (s.Destinations.Length != s.Sources.Length || s.Vectors.Length != 3 * s.Sources.Length) throw new ArgumentException("edge arrays differ in length", nameof(samples));
            if (s.Sources.Concat(s.Destinations).Any(i => i < 0 || i >= s.AtomCount)) throw new ArgumentException("an edge atom index is out of range", nameof(samples));
            atoms += s.AtomCount;
            edges += s.Sources.Length;
        }
        var fea = new double[(long)atoms * features];
        var src = new long[edges];
        var dst = new long[edges];
        var vec = new double[3L * edges];
        var crystal = new long[atoms];
        var counts = new double[samples.Count];
        int atomOffset = 0, edgeOffset = 0;
        for (int b = 0; b < samples.Count; b++)
        {
            var s = samples[b];
            s.AtomFeatures.CopyTo(fea, (long)atomOffset * features);
            s.Vectors.CopyTo(vec, 3L * edgeOffset);
            for (int e = 0; e < s.Sources.Length; e++)
            {
                src[edgeOffset + e] = atomOffset + s.Sources[e];
                dst[edgeOffset + e] = atomOffset + s.Destinations[e];
            }
            for (int a = 0; a < s.AtomCount; a++) crystal[atomOffset + a] = b;
            counts[b] = s.AtomCount;
            atomOffset += s.AtomCount;
            edgeOffset += s.Sources.Length;
        }
        device ??= CPU;
        using var scope = NewDisposeScope();
        var batch = new EquivariantBatch(
            tensor(fea, new long[] { atoms, features }, dtype, device).DetachFromDisposeScope(),
            tensor(src, new long[] { edges }, device: device).DetachFromDisposeScope(),
            tensor(dst, new long[] { edges }, device: device).DetachFromDisposeScope(),
            tensor(vec, new long[] { edges, 3 }, dtype, device).DetachFromDisposeScope(),
            tensor(crystal, new long[] { atoms }, device: device).DetachFromDisposeScope(),
            tensor(counts, new long[] { samples.Count }, dtype, device).DetachFromDisposeScope(),
            samples.Count);
        return batch;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        AtomFeatures.Dispose();
        EdgeSource.Dispose();
        EdgeDestination.Dispose();
        EdgeVectors.Dispose();
        CrystalIndex.Dispose();
        AtomCounts.Dispose();
    }
}
