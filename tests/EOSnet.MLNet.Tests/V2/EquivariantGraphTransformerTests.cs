using EOSnet.Featurization;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.V2;

public class EquivariantGraphTransformerTests
{
    private static readonly Lazy<List<Crystals.CrystalRecord>> Records = new(() => TestFixtures.MaterialsProject().Take(6).ToList());

    [Fact]
    public void The_columns_are_the_builders_edge_list_and_deterministic()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromCrystals(Records.Value);
        var model = ml.Transforms.BuildEquivariantGraph(cutoff: 6.0).Fit(data);
        var first = model.Transform(data);
        var sources = first.GetColumn<int[]>(CrystalColumns.EdgeSources).ToList();
        var destinations = first.GetColumn<int[]>(CrystalColumns.EdgeDestinations).ToList();
        var vectors = first.GetColumn<double[]>(CrystalColumns.EdgeVectors).ToList();
        for (int i = 0; i < Records.Value.Count; i++)
        {
            var expected = EquivariantGraphBuilder.Build(Records.Value[i].Crystal, 6.0);
            Assert.True(expected.EdgeCount > 0);
            Assert.Equal(expected.Sources, sources[i]);
            Assert.Equal(expected.Destinations, destinations[i]);
            Assert.Equal(expected.Vectors, vectors[i]);
        }
        var again = model.Transform(data);
        Assert.Equal(vectors, again.GetColumn<double[]>(CrystalColumns.EdgeVectors).ToList());
    }

    [Fact]
    public void The_featurizer_saves_and_loads_with_its_cutoff()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromCrystals(Records.Value);
        var model = ml.Transforms.BuildEquivariantGraph(cutoff: 5.5).Fit(data);
        using var ms = new MemoryStream();
        ml.Model.Save(model, data.Schema, ms);
        ms.Position = 0;
        var fresh = new MLContext(2).RegisterEosNet();
        var loaded = fresh.Model.Load(ms, out _);
        var graph = Assert.IsType<EquivariantGraphTransformer>(loaded);
        Assert.Equal(5.5, graph.Options.Cutoff);
        Assert.Equal(model.Transform(data).GetColumn<int[]>(CrystalColumns.EdgeSources).ToList(),
            loaded.Transform(fresh.Data.LoadFromCrystals(Records.Value)).GetColumn<int[]>(CrystalColumns.EdgeSources).ToList());
    }

    [Fact]
    public void A_bad_cutoff_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().Transforms.BuildEquivariantGraph(cutoff: 0));
}
