using EOSnet.Featurization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.V2;

/// <summary>Featurize once, train many, for v2: structures cached with their edge list feed the v2 trainer as the featurizers do.</summary>
public class FeatureCacheV2Tests : IClassFixture<V2PipelineFixture>
{
    private readonly V2PipelineFixture _f;
    public FeatureCacheV2Tests(V2PipelineFixture f) => _f = f;

    private List<CachedStructure> Cached(double cutoff) =>
        FeatureStore.Featurize(FeaturizerOptions.Default with { EquivariantCutoff = cutoff }, _f.Records, 0, 1);

    [Fact]
    public void A_v2_model_trained_on_cached_edges_scores_like_one_trained_through_the_featurizers()
    {
        var ml = new MLContext(1);
        string dir = Directory.CreateTempSubdirectory("mlnet-cache-v2").FullName;
        try
        {
            string part = FeatureCache.PartPath(dir, "key", 0, 1);
            FeatureCache.Write(part, "key", Cached(8.0));
            var view = ml.Data.LoadFromFeatureCache([part]);
            var sources = view.Schema[CrystalColumns.EdgeSources];
            Assert.Equal("cutoff=8", sources.Annotations.Schema.Count > 0 ? ReadText(sources) : null);

            // The cached edge columns are the ones BuildEquivariantGraph writes.
            var featurized = V2PipelineFixture.Featurizers(ml).Fit(_f.Data).Transform(_f.Data);
            foreach (var column in new[] { CrystalColumns.EdgeSources, CrystalColumns.EdgeDestinations })
                Assert.Equal(featurized.GetColumn<int[]>(column).SelectMany(x => x), view.GetColumn<int[]>(column).SelectMany(x => x));
            Assert.Equal(featurized.GetColumn<double[]>(CrystalColumns.EdgeVectors).SelectMany(x => x), view.GetColumn<double[]>(CrystalColumns.EdgeVectors).SelectMany(x => x));

            // Same features, same seed: the same scores on raw structures as the fixture's model.
            var predictor = ml.Regression.Trainers.EosNet(V2PipelineFixture.Options()).Fit(view);
            var scores = V2PipelineFixture.Featurizers(ml).Fit(_f.Data).Append(predictor).Transform(_f.Data).GetColumn<float>(CrystalColumns.Score).ToArray();
            Assert.Equal(_f.Scores.Length, scores.Length);
            for (int i = 0; i < scores.Length; i++) Assert.True(Math.Abs(scores[i] - _f.Scores[i]) <= 1e-4f * Math.Max(1, Math.Abs(_f.Scores[i])), $"row {i}: {scores[i]} vs {_f.Scores[i]}");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Cached_edges_of_another_cutoff_are_refused_and_v1_caches_have_no_edge_columns()
    {
        var ml = new MLContext(1);
        var other = ml.Data.LoadFromCrystalGraphs(Cached(6.0));
        var e = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.EosNet(V2PipelineFixture.Options()).Fit(other));
        Assert.Contains("cutoff 6", e.Message);

        var v1 = ml.Data.LoadFromCrystalGraphs(FeatureStore.Featurize(FeaturizerOptions.Default, _f.Records, 0, 1));
        Assert.Null(v1.Schema.GetColumnOrNull(CrystalColumns.EdgeSources));
        Assert.NotNull(v1.Schema.GetColumnOrNull(CrystalColumns.NeighborIndices));

        // Structures with and without edges do not make one view.
        var mixed = Cached(8.0).Take(2).Concat(FeatureStore.Featurize(FeaturizerOptions.Default, _f.Records, 0, 1).Skip(2)).ToList();
        var m = Assert.Throws<InvalidOperationException>(() => ml.Data.LoadFromCrystalGraphs(mixed).GetColumn<string>(CrystalColumns.Id).ToList());
        Assert.Contains("no v2 edges", m.Message);
    }

    private static string ReadText(DataViewSchema.Column column)
    {
        ReadOnlyMemory<char> value = default;
        column.Annotations.GetValue("EosNetEquivariantGraph", ref value);
        return value.ToString();
    }
}
