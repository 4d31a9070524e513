using EOSnet.Model.Equivariant;
using EOSnet.Model.Tests.Equivariant;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests;

/// <summary>
/// <see cref="RegressionLoss"/>: the loss tensors by hand, the names, and that both training loops minimise the chosen
/// loss (the first epoch's reported loss is that loss of the starting network on the standardised targets).
/// </summary>
public class RegressionLossTests(V2TrainingFixture fixture) : IClassFixture<V2TrainingFixture>
{
    [Fact]
    public void The_losses_are_the_mean_squared_and_the_mean_absolute_error()
    {
        using var output = tensor(new float[] { 1, 2, 3 }, new long[] { 3, 1 });
        using var target = tensor(new float[] { 0, 0, 5 }, new long[] { 3, 1 });
        using var mse = RegressionLossFunction.Compute(RegressionLoss.SquaredError, output, target);
        using var l1 = RegressionLossFunction.Compute(RegressionLoss.AbsoluteError, output, target);
        Assert.Equal((1 + 4 + 4) / 3.0, mse.item<float>(), 6);
        Assert.Equal((1 + 2 + 2) / 3.0, l1.item<float>(), 6);
    }

    [Fact]
    public void Names_round_trip_and_unknown_names_are_refused()
    {
        foreach (var loss in Enum.GetValues<RegressionLoss>())
            Assert.Equal(loss, RegressionLossFunction.Parse(RegressionLossFunction.Name(loss)));
        Assert.Equal(RegressionLoss.AbsoluteError, RegressionLossFunction.Parse(" MAE "));
        Assert.Contains("mse or l1", Assert.Throws<ArgumentException>(() => RegressionLossFunction.Parse("huber")).Message);
        Assert.Equal(RegressionLoss.SquaredError, new TrainingOptions().Loss);             // the reference's loss stays the default
        Assert.Equal(RegressionLoss.SquaredError, new EosNetV2TrainingOptions().Loss);
    }

    [Theory]
    [InlineData(RegressionLoss.SquaredError)]
    [InlineData(RegressionLoss.AbsoluteError)]
    public void V2_training_minimises_the_chosen_loss(RegressionLoss loss)
    {
        // The fixture's trained weights are the start; one batch holds every structure, so the first epoch's reported
        // loss is the chosen loss of those weights' outputs (v2 has no dropout or batch norm) before the one update.
        var start = fixture.Model.ExportStateDict();
        var options = V2TrainingFixture.Options with { Epochs = 1, BatchSize = fixture.Samples.Count, Loss = loss };
        using var tuned = EosNetV2Training.Train(fixture.Samples, fixture.Targets, EosNetV2Config.Small, options, null, CancellationToken.None, initialWeights: start);
        var n = tuned.Normalizer;
        var errors = fixture.Predictions.Zip(fixture.Targets, (p, t) => n.Normalize(p) - n.Normalize(t)).ToList();
        double expected = loss == RegressionLoss.AbsoluteError ? errors.Average(Math.Abs) : errors.Average(e => e * e);
        double other = loss == RegressionLoss.AbsoluteError ? errors.Average(e => e * e) : errors.Average(Math.Abs);
        Assert.Equal(expected, tuned.History[0].TrainLoss, 4);
        Assert.True(Math.Abs(other - expected) > 1e-2, $"the two losses must differ on this data to tell them apart ({expected} vs {other})");
    }
}
