using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.Model.Equivariant;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.V2;

/// <summary>
/// A mixed v1 + v2 ensemble (<see cref="EosNetEnsembleOptions.AdditionalRecipes"/>): every recipe trains its members on
/// one validation split, each member reads its own network's columns, the ensemble is their mean and spread (recomputed
/// here from each member alone), and it saves, loads and serves a PredictionEngine with the same numbers.
/// </summary>
public class MixedEnsembleTests
{
    private const double Cutoff = 8.0;

    private static readonly Lazy<List<Crystals.CrystalRecord>> Records = new(() => TestFixtures.MaterialsProject().Take(12).ToList());

    private static EosNetTrainerOptions V1() => new()
    {
        Epochs = 3, BatchSize = 4, WarmupEpochs = 1, Milestones = new[] { 100 }, Threads = 1, Device = "cpu",
    };

    /// <summary>GOM fingerprints, then the v1 neighbour graph and the v2 edge list side by side.</summary>
    private static IEstimator<ITransformer> BothGraphs(MLContext ml) =>
        V2PipelineFixture.Featurizers(ml, Cutoff).Append(ml.Transforms.BuildCrystalGraph());

    private sealed class ScoreRow
    {
        public float Score { get; set; }
        public float Uncertainty { get; set; }
    }

    [Fact]
    public void A_v1_plus_v2_ensemble_averages_both_networks_round_trips_and_predicts_rows()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromCrystals(Records.Value);
        var seeds = new List<int>();
        EosNetEnsembleValidation? validation = null;
        var options = new EosNetEnsembleOptions
        {
            Members = 2, Seed = 3, Trainer = V1(), AdditionalRecipes = { V2PipelineFixture.Options() },
            OnMemberStart = (_, s) => seeds.Add(s), OnValidation = v => validation = v,
        };
        using var model = BothGraphs(ml).Append(ml.Regression.Trainers.EosNetEnsemble(options)).Fit(data);
        var ensemble = model.LastTransformer;

        Assert.Equal(new[] { 3, 4, 3, 4 }, seeds);
        Assert.Equal(new[] { NetworkKind.V1, NetworkKind.V1, NetworkKind.V2, NetworkKind.V2 }, ensemble.Members.Select(m => m.Network));
        Assert.Equal(new[] { NetworkKind.V1, NetworkKind.V2 }, ensemble.Networks);
        Assert.Equal(4, validation!.Members.Count);

        var featurized = ml.Data.Cache(model.Take(model.Count() - 1).Aggregate(data, (view, t) => t.Transform(view)));
        var score = ensemble.Transform(featurized).GetColumn<float>(CrystalColumns.Score).ToArray();
        var spread = ensemble.Transform(featurized).GetColumn<float>(CrystalColumns.Uncertainty).ToArray();
        var members = ensemble.Members.Select(m => m.Transform(featurized).GetColumn<float>(CrystalColumns.Score).Select(x => (double)x).ToArray()).ToList();
        for (int i = 0; i < score.Length; i++)
        {
            var v = members.Select(m => m[i]).ToList();
            double mean = v.Average();
            Assert.Equal(mean, score[i], 1e-5);
            Assert.Equal(Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)), spread[i], 1e-5);
        }
        // Both networks contribute: the v1 pair's mean and the v2 pair's mean differ, so neither alone is the ensemble.
        Assert.Contains(Enumerable.Range(0, score.Length), i => Math.Abs((members[0][i] + members[1][i]) / 2 - (members[2][i] + members[3][i]) / 2) > 1e-3);

        using var ms = new MemoryStream();
        ml.Model.Save(model, data.Schema, ms);
        ms.Position = 0;
        var fresh = new MLContext(9).RegisterEosNet();
        using var loaded = (TransformerChain<ITransformer>)fresh.Model.Load(ms, out _);
        var reloaded = Assert.IsType<EosNetEnsembleTransformer>(loaded.LastTransformer);
        Assert.Equal(new[] { NetworkKind.V1, NetworkKind.V1, NetworkKind.V2, NetworkKind.V2 }, reloaded.Members.Select(m => m.Network));
        Assert.Equal(score, loaded.Transform(fresh.Data.LoadFromCrystals(Records.Value)).GetColumn<float>(CrystalColumns.Score).ToArray());
        var engine = fresh.Model.CreatePredictionEngine<CrystalInput, ScoreRow>(loaded);
        for (int i = 0; i < 3; i++)
        {
            var row = engine.Predict(CrystalInput.From(Records.Value[i].Crystal));
            Assert.Equal(score[i], row.Score, 4);
            Assert.Equal(spread[i], row.Uncertainty, 4);
        }

        // Direct prediction needs both inputs; one alone is a clear error.
        var graphs = Records.Value.Select(r => new CrystalFeaturizer().Featurize(r.Crystal)!).ToList();
        var samples = Records.Value.Select(r => EquivariantSample.FromCrystal(r.Crystal, cutoff: Cutoff)).ToList();
        var direct = ensemble.PredictBatch(graphs, samples);
        for (int i = 0; i < score.Length; i++) Assert.Equal(score[i], direct[i].Score, 4);
        Assert.Contains("v2 (e3nn) members", Assert.Throws<InvalidOperationException>(() => ensemble.PredictBatch(graphs)).Message);
        Assert.Contains("v1 members", Assert.Throws<InvalidOperationException>(() => ensemble.PredictBatch(samples)).Message);
    }

    [Fact]
    public void A_mixed_ensemble_names_the_graph_its_input_lacks_and_refuses_another_label()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromCrystals(Records.Value);
        var v1Only = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(data).Transform(data);
        var trainer = ml.Regression.Trainers.EosNetEnsemble(new EosNetEnsembleOptions { Members = 1, Trainer = V1(), AdditionalRecipes = { V2PipelineFixture.Options() } });
        Assert.Contains("BuildEquivariantGraph", Assert.Throws<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(PoolFingerprintsTests.SchemaShapeOf(v1Only))).Message);
        Assert.Contains("BuildEquivariantGraph", Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(v1Only)).Message);

        var other = V2PipelineFixture.Options();
        other.LabelColumnName = "Other";
        Assert.Contains("one label", Assert.Throws<ArgumentException>(() =>
            ml.Regression.Trainers.EosNetEnsemble(new EosNetEnsembleOptions { Trainer = V1(), AdditionalRecipes = { other } })).Message);
        // v2 is regression-only, in an ensemble too.
        Assert.Contains("regression-only", Assert.Throws<ArgumentException>(() =>
            ml.BinaryClassification.Trainers.EosNetEnsemble(new EosNetEnsembleOptions { Trainer = V1(), AdditionalRecipes = { V2PipelineFixture.Options() } })).Message);
    }
}
