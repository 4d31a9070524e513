using EOSnet.Crystals.Neighbors;
using EOSnet.TestSupport;

namespace EOSnet.Crystals.Tests.Neighbors;

public class NeighborInvarianceTests
{
    private static double[] SortedDistances(NeighborList l, int i) => l.Of(i).Select(p => p.Distance).OrderBy(d => d).ToArray();

    private static void AssertClose(double[] a, double[] b, double tol = 1e-9)
    {
        Assert.Equal(a.Length, b.Length);
        for (int k = 0; k < a.Length; k++) Assert.True(Math.Abs(a[k] - b[k]) <= tol, $"{a[k]} vs {b[k]}");
    }

    [SharedDataTheory]
    [InlineData("srtio3_cubic")]
    [InlineData("cif_7206075")]
    [InlineData("slab_short_long_triclinic")]
    public void Supercell_translation_and_rotation_keep_every_atoms_neighbour_distances(string name)
    {
        using var g = GoldenStructure.Load(name);
        var c = g.Crystal;
        var baseList = PeriodicNeighborSearch.Find(c, 8.0);
        var super = c.Supercell(2, 2, 1);
        var superList = PeriodicNeighborSearch.Find(super, 8.0);
        for (int i = 0; i < c.Count; i++)
            for (int copy = 0; copy < 4; copy++)
                AssertClose(SortedDistances(baseList, i), SortedDistances(superList, 4 * i + copy));
        var moved = PeriodicNeighborSearch.Find(c.Translate(new Vec3(0.37, -1.3, 2.9)), 8.0);
        double t = 0.7, cs = Math.Cos(t), sn = Math.Sin(t);
        var rotated = PeriodicNeighborSearch.Find(c.Rotate(new[] { cs, -sn, 0, sn, cs, 0, 0, 0, 1.0 }), 8.0);
        for (int i = 0; i < c.Count; i++)
        {
            AssertClose(SortedDistances(baseList, i), SortedDistances(moved, i));
            AssertClose(SortedDistances(baseList, i), SortedDistances(rotated, i));
        }
    }

    [Theory]
    [InlineData(1.5, 20, 20, 90, 90, 90, 3)]     // thin chain cell: short a, long b and c
    [InlineData(4.0, 4.2, 4.5, 50, 110, 70, 4)]   // strongly skewed triclinic cell
    [InlineData(12, 13, 14, 80, 95, 100, 60)]     // larger cell: several bins per axis
    [InlineData(2.1, 2.3, 28, 90, 90, 120, 3)]    // slab-like
    [InlineData(21, 19, 23, 85, 97, 104, 300)]   // > 256 atoms: the cell-list path
    public void Cell_list_equals_brute_force_on_random_cells(double a, double b, double c, double al, double be, double ga, int atoms)
    {
        var rnd = new Random(atoms * 31 + (int)a);
        var lattice = Lattice.FromParameters(a, b, c, al, be, ga);
        var frac = Enumerable.Range(0, atoms).Select(_ => new Vec3(rnd.NextDouble() * 1.4 - 0.2, rnd.NextDouble(), rnd.NextDouble() * 2 - 0.5)).ToList();
        var crystal = Crystal.FromFractional(lattice, Enumerable.Repeat(14, atoms), frac, "random");
        var fast = PeriodicNeighborSearch.Find(crystal, 6.0);
        var slow = PeriodicNeighborSearch.FindBruteForce(crystal, 6.0);
        Assert.Equal(slow.Offsets, fast.Offsets);
        Assert.Equal(slow.Index, fast.Index);
        Assert.Equal(slow.Images, fast.Images);
        for (int p = 0; p < slow.PairCount; p++) Assert.Equal(slow.Distances[p], fast.Distances[p], 12);
        Assert.True(fast.PairCount > 0);
    }

    [Fact]
    public void Pairs_are_strictly_inside_the_radius_and_self_images_count()
    {
        // Simple cubic, a = 2: the 6 first neighbours of the single atom are its own images at exactly 2 Å.
        var c = Crystal.FromFractional(Lattice.FromParameters(2, 2, 2, 90, 90, 90), new[] { 29 }, new[] { new Vec3(0, 0, 0) });
        Assert.Equal(0, PeriodicNeighborSearch.Find(c, 2.0).PairCount);
        var list = PeriodicNeighborSearch.Find(c, 2.0 + 1e-9);
        Assert.Equal(6, list.PairCount);
        Assert.All(list.Of(0), p => Assert.Equal(0, p.J));
        // Tie group of 6 ordered by image: (-1,0,0), (0,-1,0), (0,0,-1), (0,0,1), (0,1,0), (1,0,0).
        Assert.Equal(new[] { (-1, 0, 0), (0, -1, 0), (0, 0, -1), (0, 0, 1), (0, 1, 0), (1, 0, 0) }, list.Of(0).Select(p => p.Image).ToArray());
    }
}
