using EOSnet.Featurization;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests;

/// <summary>The trainer takes the fingerprint length and neighbour slots from its input columns' annotations.</summary>
public class TrainerInputShapeTests
{
    private static readonly Lazy<(MLContext Ml, IDataView Data)> SpGraphs = new(() =>
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromCrystals(TestFixtures.MaterialsProject().Take(24));
        var featurize = ml.Transforms.ComputeGomFingerprints(fingerprintLength: GomOptions.SPFingerprintLength, orbitals: GomOrbitals.SP)
            .Append(ml.Transforms.BuildCrystalGraph(maxNeighbors: 8));
        return (ml, ml.Data.Cache(featurize.Fit(data).Transform(data)));
    });

    private static EosNetTrainerOptions Quick() => new() { Epochs = 2, BatchSize = 8, WarmupEpochs = 1, Seed = 3, Threads = 2, Device = "cpu" };

    [Fact]
    public void Sp_fingerprints_and_eight_neighbours_train_without_setting_either()
    {
        var (ml, data) = SpGraphs.Value;
        var options = Quick();
        Assert.Null(options.FingerprintLength);
        Assert.Null(options.MaxNeighbors);
        var model = ml.Regression.Trainers.EosNet(options).Fit(data);
        Assert.Equal(GomOptions.SPFingerprintLength, model.Model.Architecture.FingerprintLength);
        Assert.Equal(8, model.Model.Architecture.MaxNeighbors);
        Assert.All(model.Transform(data).GetColumn<float>(CrystalColumns.Score), s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public void An_explicit_value_that_contradicts_the_columns_is_a_clear_error()
    {
        var (ml, data) = SpGraphs.Value;
        var options = Quick();
        options.FingerprintLength = GomOptions.DefaultFingerprintLength;
        var ex = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.EosNet(options).Fit(data));
        Assert.Contains($"FingerprintLength is {GomOptions.DefaultFingerprintLength}", ex.Message);
        Assert.Contains($"{GomOptions.SPFingerprintLength} values per atom", ex.Message);
        Assert.Contains("unset (null)", ex.Message);

        options = Quick();
        options.MaxNeighbors = GraphOptions.DefaultMaxNeighbors;
        ex = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.EosNet(options).Fit(data));
        Assert.Contains($"MaxNeighbors is {GraphOptions.DefaultMaxNeighbors}", ex.Message);
        Assert.Contains("8 neighbour slots", ex.Message);
    }

    [Fact]
    public void Explicit_values_that_agree_and_one_hot_only_are_accepted()
    {
        var (ml, data) = SpGraphs.Value;
        var options = Quick();
        options.FingerprintLength = GomOptions.SPFingerprintLength;
        options.MaxNeighbors = 8;
        Assert.Equal(GomOptions.SPFingerprintLength, ml.Regression.Trainers.EosNet(options).Fit(data).Model.Architecture.FingerprintLength);
        options.FingerprintLength = 0; // element one-hot only: the fingerprint column is not read
        Assert.Equal(0, ml.Regression.Trainers.EosNet(options).Fit(data).Model.Architecture.FingerprintLength);
    }

    [Fact]
    public void Columns_without_annotations_fall_back_to_the_domain_defaults()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromCrystals(TestFixtures.MaterialsProject().Take(3));
        var featurized = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(data).Transform(data);
        Assert.Equal(new Internal.GraphShape(GomOptions.DefaultFingerprintLength, GraphOptions.DefaultMaxNeighbors), new EosNetTrainerOptions().ShapeOf(featurized.Schema, "data"));
        // A view of the same columns without their annotations (as a feature cache read from disk).
        var bare = ml.Data.LoadFromEnumerable(featurized.GetColumn<float[]>(CrystalColumns.AtomFingerprints).Select(f => new FingerprintRow { AtomFingerprints = f }));
        Assert.Null(Internal.FingerprintAnnotation.ReadLength(bare.Schema[CrystalColumns.AtomFingerprints]));
        Assert.Equal(new Internal.GraphShape(GomOptions.DefaultFingerprintLength, GraphOptions.DefaultMaxNeighbors), new EosNetTrainerOptions().ShapeOf(bare.Schema, "data"));
        Assert.Equal(new Internal.GraphShape(7, 5), new EosNetTrainerOptions { FingerprintLength = 7, MaxNeighbors = 5 }.ShapeOf(bare.Schema, "data"));
    }

    private sealed class FingerprintRow
    {
        public float[] AtomFingerprints { get; set; } = Array.Empty<float>();
    }
}
