using EOSnet.Model;
using EOSnet.MLNet.Evaluation;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests;

/// <summary>
/// <c>Regression/BinaryClassification.Trainers.EosNetEnsemble</c>: members with consecutive seeds on one shared
/// validation split; Score is the members' mean and Uncertainty their sample standard deviation (recomputed here from
/// each member alone); the ensemble saves into one ML.NET zip and loads with identical predictions.
/// </summary>
public class EosNetEnsembleTests
{
    /// <summary>The committed fixture: 40 Materials Project structures, PBE band gap (eV).</summary>
    private static readonly Lazy<List<Crystals.CrystalRecord>> Records = new(TestFixtures.MaterialsProject);

    private static EosNetTrainerOptions Quick() => new()
    {
        Epochs = 4, BatchSize = 32, WarmupEpochs = 1, Milestones = new[] { 100 }, Threads = 2, Device = "cpu",
    };

    private sealed class EnsembleRow
    {
        public float Score { get; set; }
        public float Uncertainty { get; set; }
    }

    /// <summary>Sample standard deviation, written out independently of the library's.</summary>
    private static double SampleStd(IReadOnlyList<double> v)
    {
        double mean = v.Sum() / v.Count;
        return Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Sum() / (v.Count - 1));
    }

    private static IDataView Featurized(MLContext ml, IDataView data) =>
        ml.Data.Cache(ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(data).Transform(data));

    [Fact]
    public void Regression_ensemble_is_the_members_mean_and_spread_on_one_split_and_round_trips()
    {
        var ml = new MLContext(1);
        var raw = ml.Data.LoadFromCrystals(Records.Value);
        var data = Featurized(ml, raw);
        var seeds = new List<int>();
        EosNetEnsembleValidation? validation = null;
        var options = new EosNetEnsembleOptions { Members = 3, Seed = 5, Trainer = Quick(), OnMemberStart = (_, s) => seeds.Add(s), OnValidation = v => validation = v };
        using var ensemble = ml.Regression.Trainers.EosNetEnsemble(options).Fit(data);

        Assert.Equal(new[] { 5, 6, 7 }, seeds);
        Assert.Equal(3, ensemble.Members.Count);
        var scored = ensemble.Transform(data);
        var score = scored.GetColumn<float>("Score").ToArray();
        var uncertainty = scored.GetColumn<float>("Uncertainty").ToArray();
        var members = ensemble.Members.Select(m => m.Transform(data).GetColumn<float>("Score").Select(x => (double)x).ToArray()).ToList();
        for (int i = 0; i < score.Length; i++)
        {
            var v = members.Select(m => m[i]).ToList();
            Assert.Equal(v.Average(), score[i], 1e-5);
            Assert.Equal(SampleStd(v), uncertainty[i], 1e-6);
        }
        Assert.True(uncertainty.Max() > 1e-4, "three seeds should disagree somewhere");

        // The shared split: the rows a context seeded like the ensemble holds out with its seed; each member's MAE there.
        var split = new MLContext(5).Data.TrainTestSplit(data, 0.1, seed: 5).TestSet;
        Assert.NotNull(validation);
        for (int k = 0; k < 3; k++)
            Assert.Equal(FoldEvaluator.Metrics(ml, ensemble.Members[k].Transform(split), ModelTask.Regression)["MAE"], validation!.Members[k], 6);
        Assert.Equal(FoldEvaluator.Metrics(ml, ensemble.Transform(split), ModelTask.Regression)["MAE"], validation!.Ensemble, 6);
        Assert.True(validation.Ensemble <= validation.Members.Average() + 1e-9, "the MAE of a mean never exceeds the mean MAE");
        // Each member picked its best epoch on that split: its best validation MAE is the one it reports there.
        foreach (var m in ensemble.Members)
            Assert.Contains(m.Model.History, e => e.ValidationMae is double mae && Math.Abs(mae - validation.Members[ensemble.Members.ToList().IndexOf(m)]) < 1e-4);

        // ML.NET round trip: the whole pipeline in one zip, loaded in a fresh context.
        var pipeline = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(raw).Append(ensemble);
        var expected = pipeline.Transform(raw);
        using var ms = new MemoryStream();
        ml.Model.Save(pipeline, raw.Schema, ms);
        ms.Position = 0;
        var fresh = new MLContext(9).RegisterEosNet();
        var loaded = fresh.Model.Load(ms, out _);
        Assert.IsType<EosNetEnsembleTransformer>(((TransformerChain<ITransformer>)loaded).LastTransformer);
        var reloaded = loaded.Transform(fresh.Data.LoadFromCrystals(Records.Value));
        Assert.Equal(expected.GetColumn<float>("Score").ToArray(), reloaded.GetColumn<float>("Score").ToArray());
        Assert.Equal(expected.GetColumn<float>("Uncertainty").ToArray(), reloaded.GetColumn<float>("Uncertainty").ToArray());

        var engine = fresh.Model.CreatePredictionEngine<CrystalInput, EnsembleRow>(loaded);
        var one = engine.Predict(CrystalInput.From(Records.Value[7].Crystal));
        Assert.Equal(score[7], one.Score, 4);
        Assert.Equal(uncertainty[7], one.Uncertainty, 4);
    }

    [Fact]
    public void Classification_ensemble_averages_probabilities_and_reports_their_spread()
    {
        var ml = new MLContext(2);
        var raw = ml.Data.LoadFromCrystals(TestFixtures.MaterialsProjectIsMetal(), CrystalLabelKind.Binary);
        var data = Featurized(ml, raw);
        using var ensemble = ml.BinaryClassification.Trainers.EosNetEnsemble(2, Quick(), seed: 11).Fit(data);
        var scored = ensemble.Transform(data);
        var p = scored.GetColumn<float>("Probability").ToArray();
        var score = scored.GetColumn<float>("Score").ToArray();
        var label = scored.GetColumn<bool>("PredictedLabel").ToArray();
        var spread = scored.GetColumn<float>("Uncertainty").ToArray();
        var members = ensemble.Members.Select(m => m.Transform(data).GetColumn<float>("Probability").Select(x => (double)x).ToArray()).ToList();
        for (int i = 0; i < p.Length; i++)
        {
            var v = members.Select(m => m[i]).ToList();
            Assert.Equal(v.Average(), p[i], 1e-6);
            Assert.Equal(SampleStd(v), spread[i], 1e-6);
            Assert.Equal(p[i] > 0.5f, label[i]);
            Assert.Equal(Math.Log(p[i] / (1 - p[i])), score[i], 3);
        }
        Assert.True(spread.Max() > 1e-4, "two seeds should disagree somewhere");
        var metrics = ml.BinaryClassification.Evaluate(scored);
        Assert.InRange(metrics.AreaUnderRocCurve, 0.5, 1.0);

        using var ms = new MemoryStream();
        ml.Model.Save(ensemble, data.Schema, ms);
        ms.Position = 0;
        var loaded = new MLContext(3).RegisterEosNet().Model.Load(ms, out _);
        Assert.Equal(p, loaded.Transform(data).GetColumn<float>("Probability").ToArray());
        Assert.Equal(spread, loaded.Transform(data).GetColumn<float>("Uncertainty").ToArray());
    }

    [Fact]
    public void An_ensemble_needs_a_member()
    {
        var ml = new MLContext(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.EosNetEnsemble(0));
        var trainer = ml.Regression.Trainers.EosNetEnsemble(2);
        Assert.Equal(Model.ModelTask.Regression, trainer.Task);
    }

    [Fact]
    public void A_validation_split_that_draws_no_rows_is_a_clear_error_before_any_member_trains()
    {
        // ML.NET's seeded split of these 24 rows at 10 % happens to draw none with seed 42 (seed 5 draws some).
        var ml = new MLContext(1);
        var data = Featurized(ml, ml.Data.LoadFromCrystals(Records.Value.Take(24)));
        var started = new List<int>();
        var options = new EosNetEnsembleOptions { Members = 2, Seed = 42, Trainer = Quick(), OnMemberStart = (k, _) => started.Add(k) };
        var error = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.EosNetEnsemble(options).Fit(data));
        Assert.Contains("drew no rows", error.Message);
        Assert.Empty(started);
        options.Seed = 5;
        using var fitted = ml.Regression.Trainers.EosNetEnsemble(options).Fit(data);
        Assert.Equal(new[] { 0, 1 }, started);
    }
}
