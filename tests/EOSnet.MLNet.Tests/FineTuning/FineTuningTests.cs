using EOSnet.Featurization;
using EOSnet.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.FineTuning;

public class FineTuningTests
{
    private static EosNetTrainerOptions Quick(int epochs = 3) => new()
    {
        Epochs = epochs, BatchSize = 16, WarmupEpochs = 1, Milestones = new[] { 100 }, Seed = 3, Threads = 1, Device = "cpu", ValidationFraction = 0,
    };

    private static (MLContext Ml, ITransformer Featurizers, IDataView Data) Featurized(IEnumerable<Crystals.CrystalRecord> records, NeighborPadding padding = NeighborPadding.RepeatLast)
    {
        var ml = new MLContext(1);
        var raw = ml.Data.LoadFromCrystals(records);
        var featurizers = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph(new CrystalGraphOptions { Padding = padding })).Fit(raw);
        return (ml, featurizers, ml.Data.Cache(featurizers.Transform(raw)));
    }

    private static float[] Scores(ITransformer model, IDataView data) => model.Transform(data).GetColumn<float>(CrystalColumns.Score).ToArray();

    private static EosNetPredictionTransformer Initial(int epochs = 4, int convLayers = 3)
    {
        var (ml, _, data) = Featurized(SyntheticCrystals.Records(48, seed: 1));
        var o = Quick(epochs);
        o.ConvLayers = convLayers;
        return ml.Regression.Trainers.EosNet(o).Fit(data);
    }

    /// <summary>What the initial network predicts once its standardised output is read with the new normaliser.</summary>
    private static double[] Renormalised(EosNetPredictionTransformer initial, IDataView data, TargetNormalizer fresh) =>
        Scores(initial, data).Select(s => fresh.Denormalize(initial.Model.Normalizer.Normalize(s))).ToArray();

    [Fact]
    public void Zero_epochs_from_model_parameters_give_the_initial_predictions_with_the_new_normaliser()
    {
        using var initial = Initial();
        var (ml, _, data) = Featurized(SyntheticCrystals.Records(40, scale: 3, shift: 5, seed: 2));
        using var tuned = ml.Regression.Trainers.EosNet(Quick(epochs: 0)).Fit(data, initial.Model); // ML.NET's warm-start idiom
        var labels = data.GetColumn<float>(CrystalColumns.Label).Select(l => (double)l).ToList();
        var fresh = TargetNormalizer.Fit(labels);
        Assert.Equal(fresh.Mean, tuned.Model.Normalizer.Mean, 6);
        Assert.Equal(fresh.Std, tuned.Model.Normalizer.Std, 6);
        Assert.NotEqual(initial.Model.Normalizer.Mean, tuned.Model.Normalizer.Mean, 3);
        var expected = Renormalised(initial, data, fresh);
        var actual = Scores(tuned, data);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"row {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void Fine_tuning_starts_from_the_initial_weights_not_a_fresh_network()
    {
        using var initial = Initial(epochs: 8);
        var (ml, _, data) = Featurized(SyntheticCrystals.Records(40, seed: 4));
        var o = Quick(epochs: 1);
        o.LearningRate = 1e-8; // three steps of a tiny rate: the weights stay (almost) where they started
        o.InitialModel = initial;
        using var tuned = ml.Regression.Trainers.EosNet(o).Fit(data);
        o.InitialModel = null;
        using var scratch = ml.Regression.Trainers.EosNet(o).Fit(data);
        var start = initial.Model.Model.ExportStateDict();
        double Distance(EosNetPredictionTransformer t) => t.Model.Model.ExportStateDict().Where(kv => kv.Key.EndsWith("weight", StringComparison.Ordinal))
            .Sum(kv => kv.Value.Zip(start[kv.Key], (a, b) => Math.Abs((double)a - b)).Sum());
        Assert.True(Distance(tuned) < 1e-2, $"fine-tuned weights moved {Distance(tuned)} from the initial ones");
        Assert.True(Distance(scratch) > 1, $"a fresh network should be far from the initial one ({Distance(scratch)})");
    }

    [Fact]
    public void Frozen_embedding_and_convolutions_do_not_change_while_the_head_trains()
    {
        using var initial = Initial();
        var (ml, _, data) = Featurized(SyntheticCrystals.Records(40, scale: 2, seed: 5));
        var o = Quick(epochs: 3);
        o.InitialModel = initial;
        o.FreezeConvolutions = true;
        using var tuned = ml.Regression.Trainers.EosNet(o).Fit(data);
        var before = initial.Model.Model.ExportStateDict();
        var after = tuned.Model.Model.ExportStateDict();
        var frozen = before.Keys.Where(k => k.StartsWith("embedding.", StringComparison.Ordinal) || k.StartsWith("convs.", StringComparison.Ordinal)).ToList();
        Assert.Contains(frozen, k => k.Contains("running_mean", StringComparison.Ordinal)); // batch-norm statistics are frozen too
        foreach (var k in frozen) Assert.True(before[k].SequenceEqual(after[k]), $"frozen '{k}' changed");
        foreach (var k in new[] { "conv_to_fc.weight", "fc_out.weight" }) Assert.False(before[k].SequenceEqual(after[k]), $"head '{k}' did not train");
    }

    [Fact]
    public void A_model_zip_path_is_an_initial_model_and_a_different_shape_is_refused_by_name()
    {
        using var initial = Initial(epochs: 2, convLayers: 2);
        var (ml, featurizers, data) = Featurized(SyntheticCrystals.Records(24, seed: 6));
        string zip = Path.Combine(Directory.CreateTempSubdirectory("finetune").FullName, "model.zip");
        ml.Model.Save(featurizers.Append(initial), ml.Data.LoadFromCrystals(SyntheticCrystals.Records(1)).Schema, zip);
        var o = Quick(epochs: 0);
        o.InitialModel = zip;
        var ex = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.EosNet(o).Fit(data));
        Assert.Contains("ConvLayers 2 in the initial model, 3 in this trainer", ex.Message);
        Assert.Contains(zip, ex.Message);
        o.ConvLayers = 2;
        using var tuned = ml.Regression.Trainers.EosNet(o).Fit(data);
        var fresh = tuned.Model.Normalizer;
        var expected = Renormalised(initial, data, fresh);
        var actual = Scores(tuned, data);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 3);

        var classifier = new EosNetTrainerOptions { Epochs = 0, Device = "cpu", ConvLayers = 2, InitialModel = initial };
        var binary = Featurized(SyntheticCrystals.Records(24, seed: 7).Select(r => r with { Target = r.Target > 3.5 ? 1 : 0 })).Data;
        var taskError = Assert.Throws<ArgumentException>(() => ml.BinaryClassification.Trainers.EosNet(classifier).Fit(
            ml.Transforms.Conversion.ConvertType(CrystalColumns.Label, outputKind: Microsoft.ML.Data.DataKind.Boolean).Fit(binary).Transform(binary)));
        Assert.Contains("task Regression in the initial model, BinaryClassification in this trainer", taskError.Message);
    }

    [Fact]
    public void New_data_must_be_built_with_the_initial_models_graph_era()
    {
        using var initial = Initial(epochs: 1);
        var (_, featurizers, _) = Featurized(SyntheticCrystals.Records(2));
        var chain = featurizers.Append(initial);
        var (ml, _, paperGraphs) = Featurized(SyntheticCrystals.Records(24, seed: 8), NeighborPadding.ZeroIndexFar);
        var o = Quick(epochs: 0);
        o.InitialModel = EosNetInitialModel.FromTransformer(chain);
        var ex = Assert.Throws<InvalidOperationException>(() => ml.Regression.Trainers.EosNet(o).Fit(paperGraphs));
        Assert.Contains("Padding ZeroIndexFar (the initial model needs RepeatLast)", ex.Message);
        // Same era: accepted.
        using var ok = ml.Regression.Trainers.EosNet(o).Fit(Featurized(SyntheticCrystals.Records(24, seed: 8)).Data);
        Assert.Equal(initial.Model.Architecture, ok.Model.Architecture);
    }

    [Fact]
    public void A_checkpoint_needs_its_era_and_plain_training_still_needs_an_epoch()
    {
        var ex = Assert.Throws<ArgumentException>(() => EosNetInitialModel.FromFile("model_best.pth.tar"));
        Assert.Contains("era", ex.Message);
        var (ml, _, data) = Featurized(SyntheticCrystals.Records(12));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.EosNet(Quick(epochs: 0)).Fit(data));
    }
}
