using EOSnet.Featurization;
using EOSnet.TestSupport;
using Microsoft.ML;

namespace EOSnet.MLNet.Tests;

public class ConcurrencyTests
{
    [Fact]
    public async Task PredictBatch_from_many_threads_equals_sequential_predictions()
    {
        var records = TestFixtures.MaterialsProject();
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromCrystals(records);
        var featurizers = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(data);
        var options = EosNetPresets.Best(epochs: 2);
        options.Threads = 2;
        options.Device = "cpu";
        var predictor = ml.Regression.Trainers.EosNet(options).Fit(ml.Data.Cache(featurizers.Transform(data)));
        var featurizer = new CrystalFeaturizer();
        var graphs = records.Select(r => featurizer.Featurize(r.Crystal)!).ToList();
        var sequential = graphs.Select(g => predictor.PredictBatch(new[] { g })[0].Value).ToArray();

        // 16 workers × 40 requests of random batch sizes, bounded in count and time.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var workers = Enumerable.Range(0, 16).Select(w => Task.Run(() =>
        {
            var rng = new Random(w);
            for (int call = 0; call < 40; call++)
            {
                var picks = Enumerable.Range(0, 1 + rng.Next(24)).Select(_ => rng.Next(graphs.Count)).ToList();
                var result = predictor.PredictBatch(picks.Select(i => graphs[i]).ToList());
                for (int k = 0; k < picks.Count; k++)
                    if (Math.Abs(result[k].Value - sequential[picks[k]]) > 1e-5f * Math.Max(1, Math.Abs(sequential[picks[k]])))
                        failures.Add($"worker {w} call {call}: crystal {picks[k]} got {result[k].Value}, sequential {sequential[picks[k]]}");
            }
        })).ToArray();
        var all = Task.WhenAll(workers);
        Assert.True(await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(3))) == all, "concurrent predictions did not finish in 3 minutes");
        await all; // a worker's exception fails the test, as Task.WaitAll did
        Assert.Empty(failures);
    }
}
