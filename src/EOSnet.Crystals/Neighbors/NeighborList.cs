namespace EOSnet.Crystals.Neighbors;

/// <summary>
/// All periodic neighbours of every atom within a radius, in deterministic order (distance; ties within
/// <see cref="PeriodicNeighborSearch.TieTolerance"/> ordered by neighbour index, then image shift). Stored as flat
/// arrays: the pairs of atom i are <c>Start(i) … Start(i + 1) − 1</c>.
/// </summary>
public sealed class NeighborList
{
    internal NeighborList(double radius, int[] offsets, int[] index, int[] images, double[] distances, double[] displacements)
    {
        Radius = radius;
        Offsets = offsets;
        Index = index;
        Images = images;
        Distances = distances;
        Displacements = displacements;
    }

    /// <summary>The search radius (Å); pairs have distance strictly below it.</summary>
    public double Radius { get; }
    /// <summary>N + 1 offsets into the pair arrays.</summary>
    public int[] Offsets { get; }
    /// <summary>Neighbour atom index j of each pair.</summary>
    public int[] Index { get; }
    /// <summary>Image shift S of each pair (3 integers per pair, in units of the lattice vectors).</summary>
    public int[] Images { get; }
    /// <summary>Distance |r_j − r_i + S·L| of each pair (Å).</summary>
    public double[] Distances { get; }
    /// <summary>Displacement D = r_j − r_i + S·L of each pair (3 per pair, Å).</summary>
    public double[] Displacements { get; }

    /// <summary>Number of atoms.</summary>
    public int AtomCount => Offsets.Length - 1;
    /// <summary>First pair of atom i.</summary>
    public int Start(int i) => Offsets[i];
    /// <summary>Number of neighbours of atom i.</summary>
    public int Count(int i) => Offsets[i + 1] - Offsets[i];
    /// <summary>Total number of pairs.</summary>
    public int PairCount => Offsets[^1];

    /// <summary>Neighbours of atom i (index, image, distance), in order.</summary>
    public IEnumerable<(int J, (int A, int B, int C) Image, double Distance)> Of(int i)
    {
        for (int p = Offsets[i]; p < Offsets[i + 1]; p++)
            yield return (Index[p], (Images[3 * p], Images[3 * p + 1], Images[3 * p + 2]), Distances[p]);
    }
}
