using System.Text.Json.Serialization;

namespace EOSnet.Featurization;

/// <summary>All settings that determine the features of a structure; stored with every model.</summary>
public sealed record FeaturizerOptions
{
    /// <summary>GOM fingerprint settings.</summary>
    public GomOptions Gom { get; init; } = GomOptions.Default;
    /// <summary>Crystal graph settings.</summary>
    public GraphOptions Graph { get; init; } = GraphOptions.Default;
    /// <summary>
    /// When set, the e3nn (v2) edge list within this cutoff (Å) is built beside the graph
    /// (<see cref="EquivariantGraphBuilder"/>, <see cref="FeaturizedItem{T}.Edges"/>, <see cref="CachedStructure.Edges"/>);
    /// null (default): v1 graphs only. Part of the cache key only when set, so v1 keys are unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EquivariantCutoff { get; init; }

    /// <summary>The reference defaults (<see cref="GomOptions.Default"/> and <see cref="GraphOptions.Default"/>: 6 Å s-GOM, 8 Å graph, repeat-last padding).</summary>
    public static FeaturizerOptions Default { get; } = new();

    /// <summary>A stable text key of these settings (for caches).</summary>
    public string CacheKey => FormattableString.Invariant(
        $"gom:{Gom.Cutoff:R}:{Gom.MaxSphereSize}:{Gom.Orbitals}:{Gom.FingerprintLength}:{Gom.ZeroThreshold:R}:{Gom.Overflow}|graph:{Graph.Radius:R}:{Graph.MaxNeighbors}:{Graph.Padding}:{Graph.IsolatedAtoms}")
        + (EquivariantCutoff is double c ? FormattableString.Invariant($"|edges:{c:R}") : "");

    /// <summary>Throws for invalid settings.</summary>
    public FeaturizerOptions Validate()
    {
        Graph.Validate();
        if (EquivariantCutoff is double c && (!(c > 0) || double.IsInfinity(c)))
            throw new ArgumentOutOfRangeException(nameof(EquivariantCutoff), c, "the v2 edge cutoff must be a positive finite number of Å");
        return this;
    }
}
