using EOSnet.Crystals;
using EOSnet.Crystals.Neighbors;

namespace EOSnet.Featurization;

/// <summary>
/// Builds the <see cref="EquivariantGraph"/> of the e3nn (v2) network, following the reference's edge convention
/// (<c>neighbor_list('ijD', atoms, cutoff)</c> sorted with <c>lexsort((|D|, i))</c>): every (i, j, S) with
/// |r[j] − r[i] + S·L| &lt; cutoff, the atom's own periodic images included and the zero-shift self pair excluded.
/// </summary>
/// <remarks>
/// Order: by source i, then by distance. Distances that differ by less than
/// <see cref="PeriodicNeighborSearch.TieTolerance"/> (between consecutive edges) form a tie group, ordered by
/// destination j and then by S (lexicographic, each component ascending). The reference keeps its neighbour
/// search's own order within exactly equal distances (a stable sort), so the two lists can differ only by a
/// permutation inside tie groups; this changes nothing but the summation order of the messages.
/// </remarks>
public static class EquivariantGraphBuilder
{
    /// <summary>The reference's cutoff (Å): <c>radius</c> = <c>radial_cutoff</c> = 8.</summary>
    public const double DefaultCutoff = 8.0;

    /// <summary>Builds the edge list of <paramref name="crystal"/> within <paramref name="cutoff"/> Å.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The cutoff is not a positive finite number.</exception>
    public static EquivariantGraph Build(Crystal crystal, double cutoff = DefaultCutoff)
    {
        ArgumentNullException.ThrowIfNull(crystal);
        if (!(cutoff > 0) || double.IsInfinity(cutoff)) throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "cutoff must be a positive finite number of Å");
        // Search a hair wider, then keep |D| < cutoff exactly as computed here (the search compares squares).
        var list = PeriodicNeighborSearch.Find(crystal, cutoff * (1 + 1e-12));
        int n = crystal.Count;
        var offsets = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            int start = list.Start(i), count = list.Count(i);
            while (count > 0 && !(list.Distances[start + count - 1] < cutoff)) count--;
            offsets[i + 1] = offsets[i] + count;
        }
        int edges = offsets[n];
        var sources = new int[edges];
        var destinations = new int[edges];
        var shifts = new int[3 * edges];
        var vectors = new double[3 * edges];
        var lengths = new double[edges];
        for (int i = 0; i < n; i++)
        {
            int from = list.Start(i);
            for (int e = offsets[i]; e < offsets[i + 1]; e++, from++)
            {
                sources[e] = i;
                destinations[e] = list.Index[from];
                lengths[e] = list.Distances[from];
                for (int k = 0; k < 3; k++)
                {
                    shifts[3 * e + k] = list.Images[3 * from + k];
                    vectors[3 * e + k] = list.Displacements[3 * from + k];
                }
            }
        }
        return new EquivariantGraph(n, cutoff, offsets, sources, destinations, shifts, vectors, lengths);
    }
}
