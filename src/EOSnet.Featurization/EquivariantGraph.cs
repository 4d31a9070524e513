using EOSnet.Crystals;

namespace EOSnet.Featurization;

/// <summary>
/// The edge list of the e3nn (v2) network for one structure: every periodic neighbour within the cutoff, with its
/// edge vector; no neighbour cap and no padding (an atom without neighbours simply has no edges). Built by
/// <see cref="EquivariantGraphBuilder"/>.
/// </summary>
/// <remarks>
/// Edge e goes from source <c>Sources[e]</c> = i to destination <c>Destinations[e]</c> = j through the image shift
/// S = <c>Shifts[3e .. 3e+2]</c>; its vector is <c>r[j] − r[i] + S·L</c> (L = lattice rows), pointing from the source
/// to the (image of the) destination. The list is symmetric: with (i, j, S) it holds (j, i, −S). In the reference's
/// message passing, messages are built from the source and the edge vector and summed onto the destination
/// (<c>edge_index[0]</c> = source, <c>edge_index[1]</c> = destination).
/// </remarks>
public sealed class EquivariantGraph
{
    internal EquivariantGraph(int atomCount, double cutoff, int[] sourceOffsets, int[] sources, int[] destinations, int[] shifts, double[] vectors, double[] lengths)
    {
        AtomCount = atomCount;
        Cutoff = cutoff;
        SourceOffsets = sourceOffsets;
        Sources = sources;
        Destinations = destinations;
        Shifts = shifts;
        Vectors = vectors;
        Lengths = lengths;
    }

    /// <summary>Number of atoms N.</summary>
    public int AtomCount { get; }
    /// <summary>Cutoff radius (Å); every edge is strictly shorter.</summary>
    public double Cutoff { get; }
    /// <summary>Number of edges E.</summary>
    public int EdgeCount => Sources.Length;
    /// <summary>N + 1 offsets: the edges of source atom i are <c>SourceOffsets[i] … SourceOffsets[i + 1] − 1</c>.</summary>
    public int[] SourceOffsets { get; }
    /// <summary>Source atom i of each edge (the reference's <c>edge_index[0]</c>), non-decreasing.</summary>
    public int[] Sources { get; }
    /// <summary>Destination atom j of each edge (the reference's <c>edge_index[1]</c>).</summary>
    public int[] Destinations { get; }
    /// <summary>Integer image shift S of each edge, 3 per edge (units of the lattice vectors).</summary>
    public int[] Shifts { get; }
    /// <summary>Edge vector r[j] − r[i] + S·L of each edge, 3 per edge (Å): E × 3 row-major.</summary>
    public double[] Vectors { get; }
    /// <summary>Length |r[j] − r[i] + S·L| of each edge (Å).</summary>
    public double[] Lengths { get; }

    /// <summary>The vector of edge <paramref name="e"/>.</summary>
    public Vec3 Vector(int e) => new(Vectors[3 * e], Vectors[3 * e + 1], Vectors[3 * e + 2]);

    /// <summary>The image shift of edge <paramref name="e"/>.</summary>
    public (int A, int B, int C) Shift(int e) => (Shifts[3 * e], Shifts[3 * e + 1], Shifts[3 * e + 2]);
}
