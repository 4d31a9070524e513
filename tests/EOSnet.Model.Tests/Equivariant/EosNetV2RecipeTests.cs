using EOSnet.Model.Equivariant;

namespace EOSnet.Model.Tests.Equivariant;

/// <summary>
/// The v2 recipe's schedule and weight average (<see cref="EosNetV2TrainingOptions"/>): the learning rate of each
/// epoch is v1's closed form, and with a weight average the validation MAE, the best-epoch selection and the returned
/// weights are the average's.
/// </summary>
public class EosNetV2RecipeTests(V2TrainingFixture fixture) : IClassFixture<V2TrainingFixture>
{
    [Theory]
    [InlineData(LearningRateSchedule.Constant)]
    [InlineData(LearningRateSchedule.Cosine)]
    [InlineData(LearningRateSchedule.MultiStep)]
    public void The_learning_rate_of_each_epoch_is_the_v1_closed_form(LearningRateSchedule schedule)
    {
        var v2 = new EosNetV2TrainingOptions { Epochs = 40, WarmupEpochs = 4, LearningRate = 2e-3, Schedule = schedule, Milestones = new[] { 10, 20 }, Gamma = 0.5 };
        var v1 = new TrainingOptions { Epochs = 40, WarmupEpochs = 4, LearningRate = 2e-3, Schedule = schedule, Milestones = new[] { 10, 20 }, Gamma = 0.5 };
        for (int e = 0; e < 40; e++) Assert.Equal(v1.LearningRateAt(e), v2.LearningRateAt(e), 15);
        Assert.Equal(2e-4, v2.LearningRateAt(0), 15);
        double after = v2.LearningRateAt(30);
        Assert.Equal(schedule switch { LearningRateSchedule.Constant => 2e-3, LearningRateSchedule.MultiStep => 5e-4, _ => 2e-3 * 0.5 * (1 + Math.Cos(Math.PI * 26 / 36)) }, after, 15);
        var defaults = new TrainingOptions();             // the defaults are v1's recipe
        for (int e = 0; e < defaults.Epochs; e++) Assert.Equal(defaults.LearningRateAt(e), new EosNetV2TrainingOptions().LearningRateAt(e), 15);
    }

    [Fact]
    public void Bad_schedule_and_average_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EosNetV2TrainingOptions { EmaDecay = 1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EosNetV2TrainingOptions { EmaDecay = -0.1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EosNetV2TrainingOptions { WarmupEpochs = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EosNetV2TrainingOptions { Gamma = 0 }.Validate());
    }

    [Fact]
    public void Training_reports_the_scheduled_rates_and_returns_the_averaged_best_epoch()
    {
        var train = fixture.Samples.Take(30).ToList();
        var trainTargets = fixture.Targets.Take(30).ToList();
        var validation = fixture.Samples.Skip(30).ToList();
        var validationTargets = fixture.Targets.Skip(30).ToList();
        var options = V2TrainingFixture.Options with { Epochs = 8, WarmupEpochs = 2, Schedule = LearningRateSchedule.Cosine, EmaDecay = 0.9 };
        using var averaged = EosNetV2Training.Train(train, trainTargets, EosNetV2Config.Small, options, null, CancellationToken.None, validation, validationTargets);
        var history = averaged.History;
        Assert.Equal(Enumerable.Range(0, 8).Select(options.LearningRateAt), history.Select(r => r.LearningRate));
        var best = history.Last(r => r.IsBest);
        Assert.Equal(history.Min(r => r.ValidationMae!.Value), best.ValidationMae!.Value);
        // The returned weights are the averaged ones of the best epoch: their validation MAE is the one reported.
        double mae = averaged.Predict(validation).Zip(validationTargets, (p, t) => Math.Abs(p - t)).Average();
        Assert.Equal(best.ValidationMae!.Value, mae, 5);
        // The average changes what training returns: the same run without it scores otherwise in every epoch.
        using var live = EosNetV2Training.Train(train, trainTargets, EosNetV2Config.Small, options with { EmaDecay = 0 }, null, CancellationToken.None, validation, validationTargets);
        Assert.Equal(history.Select(r => r.TrainLoss), live.History.Select(r => r.TrainLoss)); // the live weights train alike
        Assert.All(history.Zip(live.History), p => Assert.NotEqual(p.First.ValidationMae, p.Second.ValidationMae));
    }

    [Fact]
    public void Without_validation_the_average_is_the_returned_model()
    {
        var options = V2TrainingFixture.Options with { Epochs = 3, EmaDecay = 0.5 };
        using var averaged = EosNetV2Training.Train(fixture.Samples, fixture.Targets, EosNetV2Config.Small, options);
        using var live = EosNetV2Training.Train(fixture.Samples, fixture.Targets, EosNetV2Config.Small, options with { EmaDecay = 0 });
        Assert.Equal(live.EpochLosses, averaged.EpochLosses);
        var a = averaged.ExportStateDict();
        var l = live.ExportStateDict();
        // Every weight moved by the last step differs between the average and the live network.
        Assert.Contains(a.Keys, k => !a[k].SequenceEqual(l[k]));
        Assert.NotEqual(live.Predict(fixture.Samples), averaged.Predict(fixture.Samples));
    }
}
