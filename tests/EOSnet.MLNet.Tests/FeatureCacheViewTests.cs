using EOSnet.Featurization;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests;

public class FeatureCacheViewTests
{
    [Fact]
    public void A_model_trained_on_cached_features_scores_raw_structures_like_one_trained_through_the_featurizers()
    {
        var records = TestFixtures.MaterialsProject();
        var featurizer = new CrystalFeaturizer(new FeaturizerOptions());
        var cached = records.Select((r, i) => new CachedStructure(i, r.Id, r.Target, featurizer.Featurize(r.Crystal)!)).ToList();
        string dir = Directory.CreateTempSubdirectory("mlnet-cache").FullName;
        string part = FeatureCache.PartPath(dir, "key", 0, 1);
        FeatureCache.Write(part, "key", cached);

        var ml = new MLContext(0);
        var options = new EosNetTrainerOptions { Epochs = 2, BatchSize = 32, WarmupEpochs = 1, Seed = 5, Threads = 1, Device = "cpu" };
        var fromCache = ml.Data.LoadFromFeatureCache(new[] { part });
        Assert.Equal(records.Count, fromCache.GetColumn<float>(CrystalColumns.Label).Count());
        var cachedPredictor = ml.Regression.Trainers.EosNet(options).Fit(fromCache);

        var raw = ml.Data.LoadFromCrystals(records);
        var featurizers = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(raw);
        var directPredictor = ml.Regression.Trainers.EosNet(options).Fit(featurizers.Transform(raw));

        // Same features, same seed: the two models score raw structures identically.
        var a = featurizers.Append(cachedPredictor).Transform(raw).GetColumn<float>(CrystalColumns.Score).ToArray();
        var b = featurizers.Append(directPredictor).Transform(raw).GetColumn<float>(CrystalColumns.Score).ToArray();
        Assert.Equal(records.Count, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-4f * Math.Max(1, Math.Abs(b[i])), $"row {i}: {a[i]} vs {b[i]}");
    }
}
