using System.Collections.Concurrent;
using EOSnet.Crystals;
using EOSnet.Crystals.Neighbors;

namespace EOSnet.Featurization;

/// <summary>
/// Turns a <see cref="Crystal"/> into the <see cref="CrystalGraph"/> the network consumes: one periodic neighbour
/// search at the GOM cutoff shared by the spheres and (when it already settles every atom's nearest neighbours) the
/// graph, then fingerprints and the padded graph.
/// Thread-safe.
/// </summary>
public sealed class CrystalFeaturizer
{
    private readonly GomFingerprint _gom;

    /// <summary>Creates the featurizer.</summary>
    public CrystalFeaturizer(FeaturizerOptions? options = null)
    {
        Options = options ?? FeaturizerOptions.Default;
        Options.Validate();
        _gom = new GomFingerprint(Options.Gom);
    }

    /// <summary>The settings.</summary>
    public FeaturizerOptions Options { get; }

    /// <summary>The GOM part.</summary>
    public GomFingerprint Gom => _gom;

    /// <summary>
    /// Featurizes one structure. Returns null only when an isolated atom is found under
    /// <see cref="IsolatedAtomPolicy.SkipStructure"/>. Warnings (padding, sphere overflow) go to <paramref name="warn"/>.
    /// </summary>
    public CrystalGraph? Featurize(Crystal crystal, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(crystal);
        var g = Options.Graph;
        double sphereRadius = Options.Gom.Cutoff * (1 + 1e-12) + 1e-12;
        // One search at the GOM cutoff serves both when every atom's M nearest are settled inside it (dense crystals);
        // otherwise the graph gets its own search at its radius. Either way the graph is the same.
        var list = PeriodicNeighborSearch.Find(crystal, sphereRadius);
        var graphList = g.Radius <= sphereRadius || NeighborGraph.NearestAreSettled(list, g.MaxNeighbors)
            ? list
            : PeriodicNeighborSearch.Find(crystal, g.Radius);
        var graph = NeighborGraph.Build(crystal, graphList, g);
        if (graph.IsolatedAtoms.Length > 0 && g.IsolatedAtoms == IsolatedAtomPolicy.SkipStructure)
        {
            warn?.Invoke($"structure '{crystal.Id}': skipped, atom {graph.IsolatedAtoms[0]} has no neighbour within {g.Radius} Å");
            return null;
        }
        if (warn is not null)
            foreach (var note in graph.PaddingNotes(crystal.Id ?? "(unnamed)", g)) warn(note);
        var fp = _gom.Compute(crystal, list, includeSpectra: false, warn);
        var result = new CrystalGraph(crystal.Id, crystal.AtomicNumbers.ToArray(), fp.ToSingle(), fp.FingerprintLength,
            graph.Indices, graph.Distances, g.MaxNeighbors);
        foreach (var v in result.AtomFingerprints)
            if (!float.IsFinite(v)) throw new FeaturizationException($"structure '{crystal.Id}': non-finite fingerprint value");
        foreach (var z in result.AtomicNumbers)
            if (!Elements.IsSupported(z)) throw new FeaturizationException($"structure '{crystal.Id}': Z = {z} is not supported (1…{Elements.MaxSupportedAtomicNumber})");
        return result;
    }

    /// <summary>
    /// Featurizes many structures in parallel, yielding results in input order with bounded memory (at most
    /// about 4 × <paramref name="maxDegreeOfParallelism"/> structures in flight). Failures are reported per item.
    /// </summary>
    public IEnumerable<FeaturizedItem<T>> FeaturizeMany<T>(IEnumerable<T> items, Func<T, Crystal> crystalOf, int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default)
    {
        int workers = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        int window = Math.Max(8, 4 * workers);
        var pending = new Queue<Task<FeaturizedItem<T>>>();
        using var gate = new SemaphoreSlim(workers);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var captured = item;
            pending.Enqueue(Task.Run(async () =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var warnings = new ConcurrentQueue<string>();
                    try
                    {
                        var crystal = crystalOf(captured);
                        var graph = Featurize(crystal, warnings.Enqueue);
                        var edges = graph is not null && Options.EquivariantCutoff is double cutoff ? EquivariantGraphBuilder.Build(crystal, cutoff) : null;
                        return new FeaturizedItem<T>(captured, graph, null, warnings.ToArray()) { Edges = edges };
                    }
                    catch (Exception ex) when (ex is FeaturizationException or InvalidStructureException or StructureFormatException or ArgumentException)
                    {
                        return new FeaturizedItem<T>(captured, null, ex, warnings.ToArray());
                    }
                }
                finally { gate.Release(); }
            }, cancellationToken));
            while (pending.Count >= window) yield return pending.Dequeue().GetAwaiter().GetResult();
        }
        while (pending.Count > 0) yield return pending.Dequeue().GetAwaiter().GetResult();
    }
}

/// <summary>The outcome of featurizing one item: a graph, or the error (and any warnings).</summary>
public sealed record FeaturizedItem<T>(T Item, CrystalGraph? Graph, Exception? Error, IReadOnlyList<string> Warnings)
{
    /// <summary>The v2 edge list, when <see cref="FeaturizerOptions.EquivariantCutoff"/> is set and the graph was made; otherwise null.</summary>
    public EquivariantGraph? Edges { get; init; }
}
