using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using EOSnet.Crystals.Neighbors;
using EOSnet.TestSupport;

namespace EOSnet.Featurization.Tests;

/// <summary>The featurizer's single search at the GOM cutoff gives exactly the graph of a search at the graph radius.</summary>
public class SharedSearchTests
{
    public static TheoryData<string> Names() => GoldenData.Names();

    [SharedDataTheory]
    [InlineData("matbench_perovskites.json.gz", 400)]
    [InlineData("matbench_mp_gap.json.gz", 300)]
    [InlineData("matbench_log_kvrh.json.gz", 200)]
    public void Graphs_equal_a_search_at_the_graph_radius_on_real_structures(string file, int count)
    {
        int shortcut = 0;
        foreach (var record in new MatbenchJsonReader(SharedData.Data(file)).Read().Take(count))
            if (AssertSameGraph(record.Crystal, NeighborPadding.RepeatLast)) shortcut++;
        Assert.True(shortcut > 0, "no structure took the shared-search path");
    }

    [SharedDataTheory]
    [MemberData(nameof(Names))]
    public void Graphs_equal_a_search_at_the_graph_radius_on_golden_structures(string name)
    {
        using var g = GoldenStructure.Load(name);
        AssertSameGraph(g.Crystal, NeighborPadding.RepeatLast);
        AssertSameGraph(g.Crystal, NeighborPadding.ZeroIndexFar);
    }

    [Fact]
    public void A_tie_at_the_last_slot_that_reaches_the_end_of_the_list_is_not_settled()
    {
        // Simple cubic, a = 2 Å: 6 nearest at 2 Å, 12 at 2.83 Å, 8 at 3.46 Å, 6 at 4 Å …
        var cubic = Crystal.FromFractional(Lattice.FromParameters(2, 2, 2, 90, 90, 90), new[] { 1 }, new[] { new Vec3(0, 0, 0) });
        // Within 3.0 Å: 6 + 12 = 18 neighbours, the last 12 tied. Slot 6 starts that tie group, which runs to the end.
        var inner = PeriodicNeighborSearch.Find(cubic, 3.0);
        Assert.Equal(18, inner.Count(0));
        Assert.False(NeighborGraph.NearestAreSettled(inner, 7));
        Assert.True(NeighborGraph.NearestAreSettled(inner, 6));
        // Within 3.5 Å the 2.83 Å group is closed by the 3.46 Å shell (8 more, 26 in all): 12 and 18 nearest are
        // settled; 19 ends inside the last shell, which runs to the end of the list.
        var outer = PeriodicNeighborSearch.Find(cubic, 3.5);
        Assert.Equal(26, outer.Count(0));
        Assert.True(NeighborGraph.NearestAreSettled(outer, 12));
        Assert.True(NeighborGraph.NearestAreSettled(outer, 18));
        Assert.False(NeighborGraph.NearestAreSettled(outer, 19));
    }

    /// <summary>Featurizer graph vs one built from an explicit search at the graph radius; true if the shortcut applied.</summary>
    private static bool AssertSameGraph(Crystal crystal, NeighborPadding padding)
    {
        var options = new FeaturizerOptions { Graph = new GraphOptions { Padding = padding, IsolatedAtoms = IsolatedAtomPolicy.ReferencePadding } };
        var ours = new CrystalFeaturizer(options).Featurize(crystal)!;
        var direct = NeighborGraph.Build(crystal, PeriodicNeighborSearch.Find(crystal, options.Graph.Radius), options.Graph);
        Assert.Equal(direct.Indices, ours.NeighborIndices);
        Assert.Equal(direct.Distances, ours.NeighborDistances);
        var sphere = PeriodicNeighborSearch.Find(crystal, options.Gom.Cutoff * (1 + 1e-12) + 1e-12);
        return NeighborGraph.NearestAreSettled(sphere, options.Graph.MaxNeighbors);
    }
}
