using EOSnet.Crystals.Neighbors;
using EOSnet.TestSupport;

namespace EOSnet.Crystals.Tests.Neighbors;

public class GoldenNeighborTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var n in SharedData.GoldenStructureNames()) data.Add(n);
        if (data.Count == 0) data.Add("(no shared data)");
        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(Names))]
    public void First_twelve_neighbours_match_the_reference_as_multisets_with_tie_groups(string name)
    {
        using var g = GoldenStructure.Load(name);
        var list = PeriodicNeighborSearch.Find(g.Crystal, 8.0);
        var counts = g.Outputs.GetProperty("n_neighbours_within_radius").ToInts();
        var idx = g.Outputs.GetProperty("nbr_indices").ToIntMatrix();
        var dist = g.Outputs.GetProperty("nbr_distances").ToMatrix();
        var ties = g.Outputs.GetProperty("tie_at_12th_neighbour").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
        var canonical = g.Outputs.GetProperty("canonical_neighbours_first16");
        for (int i = 0; i < g.Crystal.Count; i++)
        {
            Assert.Equal(counts[i], list.Count(i));
            if (counts[i] == 0) continue;
            var ours = list.Of(i).Take(12).ToList();
            int keep = Math.Min(12, counts[i]);
            var theirs = Enumerable.Range(0, keep).Select(k => (idx[i][k], dist[i][k])).ToList();
            double tied = ties[i] ? dist[i][11] : double.PositiveInfinity;
            // Below the tied distance: identical multisets of (j, d).
            var oursBelow = ours.Where(p => p.Distance < tied - 1e-8).Select(p => (p.J, p.Distance)).OrderBy(p => p.J).ThenBy(p => p.Distance).ToList();
            var theirsBelow = theirs.Where(p => p.Item2 < tied - 1e-8).OrderBy(p => p.Item1).ThenBy(p => p.Item2).ToList();
            Assert.Equal(theirsBelow.Count, oursBelow.Count);
            for (int k = 0; k < oursBelow.Count; k++)
            {
                Assert.Equal(theirsBelow[k].Item1, oursBelow[k].J);
                Assert.True(Math.Abs(theirsBelow[k].Item2 - oursBelow[k].Distance) <= 1e-12, $"{name} atom {i}: distance {oursBelow[k].Distance} vs {theirsBelow[k].Item2}");
            }
            if (ties[i])
            {
                // The rest: members of the tie group from the canonical list, each (j, S) at most once.
                var group = canonical[i].EnumerateArray()
                    .Select(e => (J: e[0].GetInt32(), D: e[1].GetDouble(), S: (e[2][0].GetInt32(), e[2][1].GetInt32(), e[2][2].GetInt32())))
                    .Where(e => Math.Abs(e.D - tied) < 1e-8).ToList();
                var all16 = canonical[i].EnumerateArray().ToList();
                bool groupExtendsBeyond16 = Math.Abs(all16[^1][1].GetDouble() - tied) < 1e-8;
                var rest = ours.Where(p => p.Distance >= tied - 1e-8).ToList();
                Assert.Equal(12 - oursBelow.Count, rest.Count);
                Assert.Equal(rest.Count, rest.Select(p => (p.J, p.Image)).Distinct().Count());
                foreach (var p in rest)
                    Assert.True(Math.Abs(p.Distance - tied) < 1e-8 && (groupExtendsBeyond16 || group.Any(e => e.J == p.J && e.S == p.Image)), $"{name} atom {i}: ({p.J}, {p.Distance}) is not in the tie group at {tied}");
            }
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Names))]
    public void Cell_list_equals_brute_force(string name)
    {
        using var g = GoldenStructure.Load(name);
        var fast = PeriodicNeighborSearch.Find(g.Crystal, 8.0);
        var slow = PeriodicNeighborSearch.FindBruteForce(g.Crystal, 8.0);
        Assert.Equal(slow.Offsets, fast.Offsets);
        Assert.Equal(slow.Index, fast.Index);
        Assert.Equal(slow.Images, fast.Images);
        Assert.Equal(slow.Distances, fast.Distances);
    }
}
