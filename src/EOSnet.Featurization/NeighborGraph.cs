using EOSnet.Crystals;
using EOSnet.Crystals.Neighbors;

namespace EOSnet.Featurization;

/// <summary>The padded M-neighbour graph of one structure (before it is combined with fingerprints).</summary>
/// <param name="Indices">N × M neighbour indices.</param>
/// <param name="Distances">N × M distances (Å).</param>
/// <param name="PaddedAtoms">Atoms that had fewer than M neighbours (padded).</param>
/// <param name="IsolatedAtoms">Atoms without any neighbour within the radius.</param>
public sealed record NeighborGraph(int[] Indices, double[] Distances, int[] PaddedAtoms, int[] IsolatedAtoms)
{
    /// <summary>What padding did to the structure, in words (none when every atom had M neighbours).</summary>
    /// <param name="structureId">The structure's name in the messages.</param>
    /// <param name="options">The options the graph was built with.</param>
    public IEnumerable<string> PaddingNotes(string structureId, GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (IsolatedAtoms.Length > 0)
            yield return $"structure '{structureId}': {IsolatedAtoms.Length} isolated atom(s) padded with index 0 and distance {options.Radius + 1} Å";
        if (PaddedAtoms.Length > 0)
            yield return $"structure '{structureId}': {PaddedAtoms.Length} atom(s) have fewer than {options.MaxNeighbors} neighbours within {options.Radius} Å (first: atom {PaddedAtoms[0]}); padded ({options.Padding})";
    }

    /// <summary>
    /// Builds the graph from a neighbour list computed at <see cref="GraphOptions.Radius"/>: the first M neighbours in
    /// the list's deterministic order, padded per <see cref="GraphOptions.Padding"/>.
    /// </summary>
    /// <exception cref="FeaturizationException">An isolated atom under <see cref="IsolatedAtomPolicy.Error"/>.</exception>
    public static NeighborGraph Build(Crystal crystal, NeighborList list, GraphOptions options)
    {
        int n = crystal.Count, m = options.MaxNeighbors;
        double far = options.Radius + 1;
        var idx = new int[n * m];
        var dist = new double[n * m];
        var padded = new List<int>();
        var isolated = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int start = list.Start(i), count = list.Count(i);
            // A list computed at a larger radius may hold pairs beyond this graph's radius.
            while (count > 0 && list.Distances[start + count - 1] >= options.Radius) count--;
            if (count == 0)
            {
                if (options.IsolatedAtoms == IsolatedAtomPolicy.Error)
                    throw new FeaturizationException($"structure '{crystal.Id}', atom {i} ({Elements.Symbol(crystal.AtomicNumbers[i])}) has no neighbour within {options.Radius} Å; increase the radius or set IsolatedAtoms = ReferencePadding/SkipStructure");
                isolated.Add(i);
                for (int k = 0; k < m; k++) { idx[i * m + k] = 0; dist[i * m + k] = far; }
                continue;
            }
            int take = Math.Min(count, m);
            for (int k = 0; k < take; k++)
            {
                idx[i * m + k] = list.Index[start + k];
                dist[i * m + k] = list.Distances[start + k];
            }
            if (take < m)
            {
                padded.Add(i);
                for (int k = take; k < m; k++)
                {
                    bool repeat = options.Padding == NeighborPadding.RepeatLast;
                    idx[i * m + k] = repeat ? idx[i * m + take - 1] : 0;
                    dist[i * m + k] = repeat ? dist[i * m + take - 1] : far;
                }
            }
        }
        return new NeighborGraph(idx, dist, padded.ToArray(), isolated.ToArray());
    }

    /// <summary>
    /// True when, for every atom, the first <paramref name="maxNeighbors"/> entries of <paramref name="list"/> are
    /// followed by a gap of at least <see cref="PeriodicNeighborSearch.TieTolerance"/> before a later entry of the same
    /// list. Then those entries, and their tie order, are the same in any list computed at a larger radius, so a graph
    /// built from <paramref name="list"/> equals one built from a search at the graph's radius.
    /// </summary>
    public static bool NearestAreSettled(NeighborList list, int maxNeighbors)
    {
        ArgumentNullException.ThrowIfNull(list);
        var d = list.Distances;
        for (int i = 0; i < list.AtomCount; i++)
        {
            int start = list.Start(i), end = start + list.Count(i), k = start + Math.Max(1, maxNeighbors);
            while (k < end && d[k] - d[k - 1] < PeriodicNeighborSearch.TieTolerance) k++;
            if (k >= end) return false;
        }
        return true;
    }
}
