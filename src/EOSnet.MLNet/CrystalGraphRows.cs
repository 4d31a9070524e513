using EOSnet.Featurization;

namespace EOSnet.MLNet;

/// <summary>
/// The IDataView row of an already featurized crystal (from a feature cache): id and the four graph columns that
/// <c>BuildCrystalGraph</c> writes (AtomicNumbers, AtomFingerprints, NeighborIndices, NeighborDistances) and, for
/// structures cached with their v2 edge list, the three edge columns that <c>BuildEquivariantGraph</c> writes
/// (EdgeSources, EdgeDestinations, EdgeVectors).
/// </summary>
public class CrystalGraphRow
{
    /// <summary>Structure id.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Atomic number of each atom.</summary>
    public int[] AtomicNumbers { get; set; } = Array.Empty<int>();
    /// <summary>N × FingerprintLength GOM fingerprints.</summary>
    public float[] AtomFingerprints { get; set; } = Array.Empty<float>();
    /// <summary>N × MaxNeighbors neighbour indices.</summary>
    public int[] NeighborIndices { get; set; } = Array.Empty<int>();
    /// <summary>N × MaxNeighbors neighbour distances (Å).</summary>
    public double[] NeighborDistances { get; set; } = Array.Empty<double>();
    /// <summary>v2 edge sources (empty when the structure was cached without edges).</summary>
    public int[] EdgeSources { get; set; } = Array.Empty<int>();
    /// <summary>v2 edge destinations (empty when the structure was cached without edges).</summary>
    public int[] EdgeDestinations { get; set; } = Array.Empty<int>();
    /// <summary>v2 edge vectors, E × 3 (Å; empty when the structure was cached without edges).</summary>
    public double[] EdgeVectors { get; set; } = Array.Empty<double>();

    private protected static T Fill<T>(T row, CachedStructure s) where T : CrystalGraphRow
    {
        row.Id = s.Id;
        row.AtomicNumbers = s.Graph.AtomicNumbers;
        row.AtomFingerprints = s.Graph.AtomFingerprints;
        row.NeighborIndices = s.Graph.NeighborIndices;
        row.NeighborDistances = s.Graph.NeighborDistances;
        if (s.Edges is { } e)
        {
            row.EdgeSources = e.Sources;
            row.EdgeDestinations = e.Destinations;
            row.EdgeVectors = e.Vectors;
        }
        return row;
    }

    /// <summary>The row of a cached structure (no label).</summary>
    public static CrystalGraphRow From(CachedStructure s) => Fill(new CrystalGraphRow(), s);
}

/// <summary>A featurized crystal with a regression label (Single; NaN when missing).</summary>
public sealed class CrystalGraphRegressionRow : CrystalGraphRow
{
    /// <summary>The target value.</summary>
    public float Label { get; set; }

    /// <summary>The row of a cached structure.</summary>
    public static new CrystalGraphRegressionRow From(CachedStructure s)
    {
        var row = Fill(new CrystalGraphRegressionRow(), s);
        row.Label = s.Target is double t ? (float)t : float.NaN;
        return row;
    }
}

/// <summary>A featurized crystal with a binary label (target ≠ 0).</summary>
public sealed class CrystalGraphBinaryRow : CrystalGraphRow
{
    /// <summary>The class.</summary>
    public bool Label { get; set; }

    /// <summary>The row of a cached structure.</summary>
    public static new CrystalGraphBinaryRow From(CachedStructure s)
    {
        var row = Fill(new CrystalGraphBinaryRow(), s);
        row.Label = s.Target is double t ? t != 0 : throw new ArgumentException($"record '{s.Id}' has no label");
        return row;
    }
}
