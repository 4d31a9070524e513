namespace EOSnet.Featurization;

/// <summary>All settings that determine the features of a structure; stored with every model.</summary>
public sealed record FeaturizerOptions
{
    /// <summary>GOM fingerprint settings.</summary>
    public GomOptions Gom { get; init; } = GomOptions.Default;
    /// <summary>Crystal graph settings.</summary>
    public GraphOptions Graph { get; init; } = GraphOptions.Default;

    /// <summary>The reference defaults (<see cref="GomOptions.Default"/> and <see cref="GraphOptions.Default"/>: 6 Å s-GOM, 8 Å graph, repeat-last padding).</summary>
    public static FeaturizerOptions Default { get; } = new();

    /// <summary>A stable text key of these settings (for caches).</summary>
    public string CacheKey => FormattableString.Invariant(
        $"gom:{Gom.Cutoff:R}:{Gom.MaxSphereSize}:{Gom.Orbitals}:{Gom.FingerprintLength}:{Gom.ZeroThreshold:R}:{Gom.Overflow}|graph:{Graph.Radius:R}:{Graph.MaxNeighbors}:{Graph.Padding}:{Graph.IsolatedAtoms}");
}
