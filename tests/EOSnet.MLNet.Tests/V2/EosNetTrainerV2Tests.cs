using EOSnet.Model;
using EOSnet.Model.Equivariant;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.V2;

/// <summary>One small v2 model trained once on 12 fixture structures (Small shape, 4 epochs), shared by the tests.</summary>
public sealed class V2PipelineFixture : IDisposable
{
    public V2PipelineFixture()
    {
        Records = TestFixtures.MaterialsProject().Take(12).ToList();
        var ml = new MLContext(1);
        Data = ml.Data.LoadFromCrystals(Records);
        Model = Featurizers(ml).Append(ml.Regression.Trainers.EosNet(Options())).Fit(Data);
        Scores = Model.Transform(Data).GetColumn<float>(CrystalColumns.Score).ToArray();
    }

    public static EosNetTrainerOptions Options(int seed = 3) => new()
    {
        Network = NetworkKind.V2, V2Config = EosNetV2Config.Small, Epochs = 4, BatchSize = 4, LearningRate = 3e-3, Seed = seed, Threads = 1, Device = "cpu",
    };

    public static IEstimator<ITransformer> Featurizers(MLContext ml, double cutoff = 8.0) =>
        ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildEquivariantGraph(cutoff));

    public List<Crystals.CrystalRecord> Records { get; }
    public IDataView Data { get; }
    public TransformerChain<EosNetPredictionTransformer> Model { get; }
    public float[] Scores { get; }

    public EosNetPredictionTransformer Predictor => Model.LastTransformer;

    public void Dispose() => Model.Dispose();
}

public class EosNetTrainerV2Tests : IClassFixture<V2PipelineFixture>
{
    private readonly V2PipelineFixture _f;
    public EosNetTrainerV2Tests(V2PipelineFixture f) => _f = f;

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }

    [Fact]
    public void V2_trains_a_v2_network_that_predicts_finite_distinct_values()
    {
        var p = _f.Predictor;
        Assert.Equal(NetworkKind.V2, p.Network);
        Assert.Equal(ModelTask.Regression, p.Task);
        Assert.NotNull(p.Model.V2);
        Assert.Equal(EosNetV2Config.Small with { AtomFeatureLength = 113 + 66 }, p.Model.V2!.Config);
        Assert.Equal(4, p.Model.History.Count);
        Assert.All(_f.Scores, s => Assert.True(float.IsFinite(s)));
        Assert.True(_f.Scores.Distinct().Count() > 1);
        // The scores are the Model layer's predictions of the same structures, built from the crystals.
        var direct = p.PredictBatch(_f.Records.Select(r => EquivariantSample.FromCrystal(r.Crystal)).ToList());
        for (int i = 0; i < direct.Length; i++) Assert.Equal(direct[i], _f.Scores[i], 4);
        Assert.Throws<InvalidOperationException>(() => p.Model.Model);
    }

    [Fact]
    public void Save_and_load_give_identical_predictions_and_the_PredictionEngine_agrees()
    {
        using var ms = new MemoryStream();
        var ml = new MLContext(1);
        ml.Model.Save(_f.Model, _f.Data.Schema, ms);
        ms.Position = 0;
        var fresh = new MLContext(9).RegisterEosNet();
        using var loaded = (TransformerChain<ITransformer>)fresh.Model.Load(ms, out _);
        var predictor = Assert.IsType<EosNetPredictionTransformer>(loaded.LastTransformer);
        Assert.Equal(NetworkKind.V2, predictor.Network);
        Assert.Equal(_f.Predictor.Model.History, predictor.Model.History);
        Assert.Equal(_f.Scores, loaded.Transform(fresh.Data.LoadFromCrystals(_f.Records)).GetColumn<float>(CrystalColumns.Score).ToArray());
        var engine = fresh.Model.CreatePredictionEngine<CrystalInput, ScoreRow>(loaded);
        for (int i = 0; i < 3; i++)
            Assert.Equal(_f.Scores[i], engine.Predict(CrystalInput.From(_f.Records[i].Crystal)).Score, 4);
    }

    [Fact]
    public void The_same_seed_gives_the_same_predictions_and_another_seed_others()
    {
        var ml = new MLContext(1);
        var featurized = ml.Data.Cache(V2PipelineFixture.Featurizers(ml).Fit(_f.Data).Transform(_f.Data));
        float[] Train(int seed)
        {
            using var model = ml.Regression.Trainers.EosNet(V2PipelineFixture.Options(seed)).Fit(featurized);
            return model.Transform(featurized).GetColumn<float>(CrystalColumns.Score).ToArray();
        }
        Assert.Equal(_f.Scores, Train(3));
        Assert.NotEqual(_f.Scores, Train(4));
    }

    [Fact]
    public void A_validation_set_selects_the_best_epoch_and_early_stopping_ends_training()
    {
        var ml = new MLContext(1);
        var featurized = ml.Data.Cache(V2PipelineFixture.Featurizers(ml).Fit(_f.Data).Transform(_f.Data));
        var train = ml.Data.TakeRows(featurized, 8);
        var validation = ml.Data.SkipRows(featurized, 8);
        var o = V2PipelineFixture.Options();
        o.Epochs = 8;
        o.ValidationSet = validation;
        o.EarlyStoppingPatience = 2;
        using var model = ml.Regression.Trainers.EosNet(o).Fit(train);
        var history = model.Model.History;
        Assert.All(history, r => Assert.NotNull(r.ValidationMae));
        var best = history.Where(r => r.IsBest).Last();
        Assert.Equal(history.Min(r => r.ValidationMae!.Value), best.ValidationMae!.Value);
        Assert.True(history.Count == 8 || history.Count - 1 - best.Epoch == 2, $"{history.Count} epochs, best {best.Epoch}");
        // The returned weights are the best epoch's: their MAE on the validation rows is the one reported for it.
        var scored = model.Transform(validation);
        var labels = scored.GetColumn<float>("Label").ToArray();
        var scores = scored.GetColumn<float>(CrystalColumns.Score).ToArray();
        Assert.Equal(best.ValidationMae!.Value, labels.Zip(scores, (l, p) => Math.Abs((double)l - p)).Average(), 4);
    }

    [Fact]
    public void The_schedule_and_weight_average_settings_train_the_v2_network_as_they_train_v1()
    {
        var ml = new MLContext(1);
        var o = V2PipelineFixture.Options();
        (o.Epochs, o.WarmupEpochs, o.Schedule, o.EmaDecay) = (5, 2, LearningRateSchedule.Cosine, 0.9);
        using var model = V2PipelineFixture.Featurizers(ml).Append(ml.Regression.Trainers.EosNet(o)).Fit(_f.Data);
        var history = model.LastTransformer.Model.History;
        var v1 = new TrainingOptions { Epochs = 5, WarmupEpochs = 2, Schedule = LearningRateSchedule.Cosine, LearningRate = o.LearningRate };
        Assert.Equal(Enumerable.Range(0, 5).Select(v1.LearningRateAt), history.Select(r => r.LearningRate));
        // The average is on: the held-out MAE of the returned (averaged) weights is the best one reported.
        Assert.All(history, r => Assert.NotNull(r.ValidationMae));
        Assert.NotEqual(_f.Scores, model.Transform(_f.Data).GetColumn<float>(CrystalColumns.Score).ToArray());
    }

    [Fact]
    public void V2_refuses_classification_and_v1_only_settings()
    {
        var ml = new MLContext(1);
        var binary = Assert.Throws<ArgumentException>(() => ml.BinaryClassification.Trainers.EosNet(V2PipelineFixture.Options()));
        Assert.Contains("regression-only", binary.Message);
        var o = V2PipelineFixture.Options();
        o.WeightDecay = 0.01;
        o.AtomEmbedding = 32;
        var v1Only = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.EosNet(o));
        Assert.Contains("AtomEmbedding, WeightDecay", v1Only.Message);
        var frozen = V2PipelineFixture.Options();
        frozen.FreezeConvolutions = true;
        Assert.Contains("FreezeConvolutions", Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.EosNet(frozen)).Message);
    }

    [Fact]
    public void A_v2_ensemble_averages_its_members_and_saves_and_loads()
    {
        var ml = new MLContext(1);
        var featurized = ml.Data.Cache(V2PipelineFixture.Featurizers(ml).Fit(_f.Data).Transform(_f.Data));
        using var ensemble = ml.Regression.Trainers.EosNetEnsemble(new EosNetEnsembleOptions { Members = 2, Seed = 3, Trainer = V2PipelineFixture.Options() }).Fit(featurized);
        Assert.Equal(new[] { NetworkKind.V2 }, ensemble.Networks);
        var scored = ensemble.Transform(featurized);
        var scores = scored.GetColumn<float>(CrystalColumns.Score).ToArray();
        var spread = scored.GetColumn<float>(CrystalColumns.Uncertainty).ToArray();
        var members = ensemble.Members.Select(m => m.Transform(featurized).GetColumn<float>(CrystalColumns.Score).ToArray()).ToArray();
        for (int i = 0; i < scores.Length; i++)
        {
            Assert.Equal((members[0][i] + (double)members[1][i]) / 2, scores[i], 4);
            Assert.Equal(Math.Abs(members[0][i] - (double)members[1][i]) / Math.Sqrt(2), spread[i], 4);
        }
        Assert.Contains(spread, s => s > 0);

        using var ms = new MemoryStream();
        ml.Model.Save(ensemble, featurized.Schema, ms);
        ms.Position = 0;
        var fresh = new MLContext(5).RegisterEosNet();
        var loaded = Assert.IsType<EosNetEnsembleTransformer>(fresh.Model.Load(ms, out _));
        using (loaded)
        {
            Assert.All(loaded.Members, m => Assert.Equal(NetworkKind.V2, m.Network));
            Assert.Equal(scores, loaded.Transform(featurized).GetColumn<float>(CrystalColumns.Score).ToArray());
        }
    }

    [Fact]
    public void A_v2_model_fine_tunes_from_its_own_weights_and_other_networks_or_shapes_are_refused()
    {
        var ml = new MLContext(1);
        var featurized = ml.Data.Cache(V2PipelineFixture.Featurizers(ml).Fit(_f.Data).Transform(_f.Data));
        // A negligible learning rate keeps the initial weights; the same training rows give the same normaliser, so the
        // fine-tuned model predicts what the initial one did (a fresh network would not).
        var o = V2PipelineFixture.Options();
        (o.Epochs, o.LearningRate, o.InitialModel) = (1, 1e-12, _f.Predictor);
        using var tuned = ml.Regression.Trainers.EosNet(o).Fit(featurized);
        var scores = tuned.Transform(featurized).GetColumn<float>(CrystalColumns.Score).ToArray();
        for (int i = 0; i < scores.Length; i++) Assert.Equal(_f.Scores[i], scores[i], 3);
        o.InitialModel = null;
        using var fresh = ml.Regression.Trainers.EosNet(o).Fit(featurized);
        Assert.True(fresh.Transform(featurized).GetColumn<float>(CrystalColumns.Score).Zip(_f.Scores, (a, b) => Math.Abs(a - b)).Max() > 1e-2);

        var other = V2PipelineFixture.Options();
        (other.V2Config, other.InitialModel) = (EosNetV2Config.Default, _f.Predictor);
        Assert.Contains("v2 shape", Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.EosNet(other).Fit(featurized)).Message);
        // A v2 model cannot start a v1 network (and the other way round).
        Assert.Contains("Network = NetworkKind.V2", Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.EosNet(new EosNetTrainerOptions()).Fit(_f.Data, _f.Predictor.Model)).Message);
    }

    [Fact]
    public void Missing_edge_columns_name_the_featurizer_to_add()
    {
        var ml = new MLContext(1);
        var v1Featurized = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(_f.Data).Transform(_f.Data);
        var trainer = ml.Regression.Trainers.EosNet(V2PipelineFixture.Options());
        var fit = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(v1Featurized));
        Assert.Contains("BuildEquivariantGraph", fit.Message);
        var shape = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(PoolFingerprintsTests.SchemaShapeOf(v1Featurized)));
        Assert.Contains("BuildEquivariantGraph", shape.Message);
        // The trained v2 model refuses a v1 input too.
        var scoring = Assert.ThrowsAny<Exception>(() => _f.Predictor.Transform(v1Featurized).GetColumn<float>(CrystalColumns.Score).ToArray());
        Assert.Contains("BuildEquivariantGraph", scoring.Message);
    }

    [Fact]
    public void Edges_built_with_another_cutoff_are_refused_by_the_trainer_and_the_model()
    {
        var ml = new MLContext(1);
        var other = V2PipelineFixture.Featurizers(ml, cutoff: 6.0).Fit(_f.Data).Transform(_f.Data);
        var train = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.EosNet(V2PipelineFixture.Options()).Fit(other));
        Assert.Contains("cutoff 6", train.Message);
        var score = Assert.Throws<InvalidOperationException>(() => _f.Predictor.Transform(other).GetColumn<float>(CrystalColumns.Score).ToArray());
        Assert.Contains("cutoff 6", score.Message);
    }
}
