using EOSnet.Featurization;

namespace EOSnet.Model.Tests;

public class GraphBatchTests
{
    private static CrystalGraph Graph(float fingerprint, double distance) =>
        new("g", new[] { 14, 8 }, new[] { 0.6f, fingerprint, 0.8f, 0.6f }, 2, new[] { 1, 1, 0, 0 }, new[] { 1.6, distance, 1.6, 1.7 }, 2);

    [Fact]
    public void Finite_graphs_collate_and_non_finite_features_never_reach_the_network()
    {
        using (var ok = GraphBatch.Collate(new[] { Graph(0.8f, 1.7) })) Assert.Equal(2, ok.AtomCount);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => GraphBatch.Collate(new[] { Graph(float.NaN, 1.7) })).Message);
        Assert.Throws<ArgumentException>(() => GraphBatch.Collate(new[] { Graph(0.8f, double.PositiveInfinity) }));
    }
}
