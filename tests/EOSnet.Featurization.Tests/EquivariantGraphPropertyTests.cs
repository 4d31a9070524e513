using EOSnet.Crystals;
using EOSnet.Crystals.Neighbors;
using EOSnet.TestSupport;

namespace EOSnet.Featurization.Tests;

/// <summary>Properties of the v2 (e3nn) edge list on random triclinic crystals (no shared data needed).</summary>
public class EquivariantGraphPropertyTests
{
    private const double Cutoff = EquivariantGraphBuilder.DefaultCutoff;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_edge_is_a_valid_image_pair_in_the_documented_order_and_the_list_is_symmetric(int seed)
    {
        var c = RandomCrystal(seed);
        var g = EquivariantGraphBuilder.Build(c);
        Assert.True(g.EdgeCount > 30 * c.Count, $"only {g.EdgeCount} edges");
        var keys = new Dictionary<(int, int, int, int, int), int>();
        for (int e = 0; e < g.EdgeCount; e++)
        {
            int i = g.Sources[e], j = g.Destinations[e];
            var (a, b, s) = g.Shift(e);
            Assert.False(i == j && a == 0 && b == 0 && s == 0, "the zero-shift self pair is not an edge");
            var expected = c.CartesianPositions[j] - c.CartesianPositions[i] + (a * c.Lattice.A + b * c.Lattice.B + s * c.Lattice.C);
            Assert.True((g.Vector(e) - expected).Length <= 1e-12, $"edge {e}: vector {g.Vector(e)} vs {expected}");
            Assert.Equal(g.Vector(e).Length, g.Lengths[e], 1e-14);
            Assert.True(g.Lengths[e] < Cutoff);
            if (e > 0 && g.Sources[e - 1] == i)
            {
                Assert.True(g.Lengths[e] >= g.Lengths[e - 1] - PeriodicNeighborSearch.TieTolerance, $"edge {e} out of distance order");
                if (g.Lengths[e] - g.Lengths[e - 1] < PeriodicNeighborSearch.TieTolerance)
                    Assert.True(CompareTie(g, e - 1, e) < 0, $"tie at edge {e} not ordered by (destination, shift)");
            }
            else Assert.True(e == 0 || g.Sources[e - 1] < i, "sources are non-decreasing");
            keys.Add((i, j, a, b, s), e);
        }
        for (int e = 0; e < g.EdgeCount; e++)
        {
            var (a, b, s) = g.Shift(e);
            Assert.True(keys.TryGetValue((g.Destinations[e], g.Sources[e], -a, -b, -s), out int back), $"edge {e} has no reverse edge");
            Assert.True((g.Vector(back) + g.Vector(e)).Length <= 1e-12);
        }
        for (int i = 0; i < c.Count; i++)
            Assert.Equal(g.Sources.Count(x => x == i), g.SourceOffsets[i + 1] - g.SourceOffsets[i]);
    }

    [Fact]
    public void Holds_exactly_the_brute_force_pairs()
    {
        var c = RandomCrystal(4);
        var g = EquivariantGraphBuilder.Build(c);
        var brute = PeriodicNeighborSearch.FindBruteForce(c, Cutoff);
        var expected = Enumerable.Range(0, brute.PairCount).Select(p => Key(FindSource(brute, p), brute.Index[p], brute.Images[(3 * p)..(3 * p + 3)])).Order(StringComparer.Ordinal);
        var ours = Enumerable.Range(0, g.EdgeCount).Select(e => Key(g.Sources[e], g.Destinations[e], g.Shifts[(3 * e)..(3 * e + 3)])).Order(StringComparer.Ordinal);
        Assert.Equal(expected, ours);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public void Edge_lengths_are_invariant_under_rotation_translation_and_permutation(int seed, bool improper)
    {
        var c = RandomCrystal(seed);
        var g = EquivariantGraphBuilder.Build(c);
        AssertClearOfCutoff(g);
        var rng = new Random(seed);
        var order = Enumerable.Range(0, c.Count).OrderBy(_ => rng.Next()).ToArray();
        var moved = c.Rotate(RandomRotation.Next(rng, improper)).Translate(new Vec3(1.7, -3.1, 0.45)).Permute(order);
        var h = EquivariantGraphBuilder.Build(moved);
        Assert.Equal(g.EdgeCount, h.EdgeCount);
        AssertSameLengths(g.Lengths, h.Lengths);
        for (int k = 0; k < c.Count; k++)
        {
            int i = order[k];
            AssertSameLengths(g.Lengths[g.SourceOffsets[i]..g.SourceOffsets[i + 1]], h.Lengths[h.SourceOffsets[k]..h.SourceOffsets[k + 1]]);
        }
    }

    [Fact]
    public void A_2x1x1_supercell_has_twice_the_edges_with_the_same_lengths()
    {
        var c = RandomCrystal(7);
        var g = EquivariantGraphBuilder.Build(c);
        AssertClearOfCutoff(g);
        var h = EquivariantGraphBuilder.Build(c.Supercell(2, 1, 1));
        Assert.Equal(2 * g.EdgeCount, h.EdgeCount);
        AssertSameLengths(g.Lengths.Concat(g.Lengths).ToArray(), h.Lengths);
    }

    [Fact]
    public void Rejects_a_bad_cutoff_and_a_smaller_cutoff_keeps_a_prefix_of_each_source()
    {
        var c = RandomCrystal(8);
        Assert.Throws<ArgumentOutOfRangeException>(() => EquivariantGraphBuilder.Build(c, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EquivariantGraphBuilder.Build(c, double.PositiveInfinity));
        var g = EquivariantGraphBuilder.Build(c);
        var small = EquivariantGraphBuilder.Build(c, 4.0);
        Assert.Equal(4.0, small.Cutoff);
        for (int i = 0; i < c.Count; i++)
        {
            int n = small.SourceOffsets[i + 1] - small.SourceOffsets[i];
            Assert.Equal(g.Lengths.Skip(g.SourceOffsets[i]).Take(g.SourceOffsets[i + 1] - g.SourceOffsets[i]).Count(d => d < 4.0), n);
            Assert.Equal(g.Lengths[g.SourceOffsets[i]..(g.SourceOffsets[i] + n)], small.Lengths[small.SourceOffsets[i]..small.SourceOffsets[i + 1]]);
        }
    }

    // A random triclinic cell (3.5–5.5 Å, angles 75–105°) with 3 atoms at random positions (some outside the cell).
    private static Crystal RandomCrystal(int seed)
    {
        var rng = new Random(seed);
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var lattice = Lattice.FromParameters(U(3.5, 5.5), U(3.5, 5.5), U(3.5, 5.5), U(75, 105), U(75, 105), U(75, 105));
        var fractional = Enumerable.Range(0, 3).Select(_ => new Vec3(U(-0.3, 1.3), U(-0.3, 1.3), U(-0.3, 1.3))).ToArray();
        return Crystal.FromFractional(lattice, [8, 14, 26], fractional, $"random{seed}");
    }

    private static void AssertClearOfCutoff(EquivariantGraph g) =>
        Assert.True(g.Lengths.All(d => Cutoff - d > 1e-6), "a length lies within 1e-6 Å of the cutoff: pick another seed");

    private static void AssertSameLengths(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        for (int k = 0; k < x.Length; k++) Assert.True(Math.Abs(x[k] - y[k]) <= 1e-9, $"sorted length {k}: {x[k]} vs {y[k]}");
    }

    private static int CompareTie(EquivariantGraph g, int e, int f)
    {
        int c = g.Destinations[e].CompareTo(g.Destinations[f]);
        for (int k = 0; c == 0 && k < 3; k++) c = g.Shifts[3 * e + k].CompareTo(g.Shifts[3 * f + k]);
        return c;
    }

    private static int FindSource(NeighborList list, int pair)
    {
        int i = 0;
        while (list.Offsets[i + 1] <= pair) i++;
        return i;
    }

    private static string Key(int i, int j, int[] s) => FormattableString.Invariant($"{i}->{j} [{s[0]},{s[1]},{s[2]}]");
}
