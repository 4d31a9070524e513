using System.Collections;
using System.CommandLine;
using EOSnet.Cli.Commands;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.Model;

namespace EOSnet.Cli.Tests;

/// <summary>--preset, --schedule cosine and --ema become the trainer settings they name; the CLI has no defaults of its own.</summary>
public class PresetOptionTests
{
    private static TrainingRun Parse(string line)
    {
        var arguments = new TrainingArguments();
        var command = new Command("train");
        arguments.AddTo(command);
        return arguments.Run(command.Parse(line));
    }

    [Fact]
    public void Without_options_the_run_has_the_trainer_defaults()
    {
        var run = Parse("").Trainer;
        var defaults = new EosNetTrainerOptions();
        foreach (var p in typeof(EosNetTrainerOptions).GetProperties().Where(p => p.CanWrite && p.Name is not (nameof(EosNetTrainerOptions.Seed) or nameof(EosNetTrainerOptions.FingerprintLength))))
        {
            object? a = p.GetValue(defaults), b = p.GetValue(run);
            bool same = a is IEnumerable x && b is IEnumerable y && a is not string ? x.Cast<object>().SequenceEqual(y.Cast<object>()) : Equals(a, b);
            Assert.True(same, $"{p.Name}: the trainer's default is {a}, the CLI's {b}");
        }
        Assert.Equal(new TrainingOptions().Seed, run.Seed);
        Assert.Equal(Featurization.GomOptions.DefaultFingerprintLength, run.FingerprintLength);
    }

    [Fact]
    public void Preset_cosine_avg_sets_cosine_decay_weight_averaging_and_the_budget_batch()
    {
        var s = Parse("--epochs 30 --preset cosine-avg").Trainer;
        Assert.Equal(LearningRateSchedule.Cosine, s.Schedule);
        Assert.Equal(0.99, s.EmaDecay);
        Assert.Equal(64, s.BatchSize);
        Assert.Equal(2, s.WarmupEpochs);                       // the budget recipe's max(1, 30 / 15)
        Assert.Equal(128, Parse("--epochs 30 --preset cosine-avg --batch-size 128").Trainer.BatchSize);
    }

    [Fact]
    public void Preset_and_schedule_apply_to_the_v2_network_too()
    {
        var s = Parse("--model v2 --epochs 30 --preset cosine-avg").Trainer;
        Assert.Equal(NetworkKind.V2, s.Network);
        Assert.Equal(LearningRateSchedule.Cosine, s.Schedule);
        Assert.Equal(0.99, s.EmaDecay);
        Assert.Equal(2, s.WarmupEpochs);
        var paper = Parse("--model v2 --epochs 20").Trainer;
        Assert.Equal(LearningRateSchedule.MultiStep, paper.Schedule);
        Assert.Equal(4, paper.WarmupEpochs);                   // at most a fifth of a short budget, as v1
    }

    [Fact]
    public void Schedule_and_ema_options_stand_alone_and_bad_values_are_usage_errors()
    {
        var s = Parse("--epochs 20 --schedule cosine --ema 0.99").Trainer;
        Assert.Equal(LearningRateSchedule.Cosine, s.Schedule);
        Assert.Equal(0.99, s.EmaDecay);
        var paper = Parse("--epochs 20").Trainer;
        Assert.Equal(LearningRateSchedule.MultiStep, paper.Schedule);
        Assert.Equal(0, paper.EmaDecay);
        Assert.Equal(256, paper.BatchSize);
        Assert.Equal(4, paper.WarmupEpochs);                   // at most a fifth of a short budget
        Assert.Equal(new[] { 100, 200, 400 }, paper.Milestones);
        var budget = Parse("--epochs 20 --preset budget").Trainer;
        Assert.Equal(EosNetPresets.Budget(20).Milestones, budget.Milestones);
        Assert.Equal(EosNetPresets.Budget(20).WarmupEpochs, budget.WarmupEpochs);
        Assert.Contains("cosine-avg", Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --preset fast")).Message);
        Assert.Contains("--preset cosine-avg", Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --preset v2")).Message); // renamed (issue 29)
        Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --ema 1"));
        Assert.Contains("cosine", Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --schedule linear")).Message);
    }

    [Fact]
    public void Architecture_and_weight_decay_options_reach_the_trainer_options()
    {
        var s = Parse("--epochs 20 --preset cosine-avg --atom-embedding 96 --conv-layers 4 --weight-decay 0.01 --adamw --features gom-sp");
        Assert.Equal((96, 4, 0.01, true), (s.Trainer.AtomEmbedding, s.Trainer.ConvLayers, s.Trainer.WeightDecay, s.Trainer.DecoupledWeightDecay));
        Assert.Equal(0.99, s.Trainer.EmaDecay); // the preset keeps its own settings
        Assert.Equal(Featurization.GomOptions.SPFingerprintLength, s.Trainer.FingerprintLength);
        var o = (EosNetTrainerOptions)typeof(EosNetTrainer)
            .GetField("_options", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(EosNetWorkflow.Trainer(new Microsoft.ML.MLContext(1), ModelTask.Regression, s, null))!;
        Assert.Equal((96, 4, 0.01, true), (o.AtomEmbedding, o.ConvLayers, o.WeightDecay, o.DecoupledWeightDecay));
        Assert.NotSame(s.Trainer, o); // each trainer gets its own copy
        var defaults = Parse("--epochs 20").Trainer;
        Assert.Equal((64, 3, 0.0, false), (defaults.AtomEmbedding, defaults.ConvLayers, defaults.WeightDecay, defaults.DecoupledWeightDecay));
        Assert.Contains("--weight-decay", Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --adamw")).Message);
        Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --conv-layers 0"));
        Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --weight-decay -1"));
    }

    [Fact]
    public void Loss_reaches_every_network_of_the_run()
    {
        Assert.Equal(RegressionLoss.SquaredError, Parse("--epochs 20").Trainer.Loss);
        Assert.Equal(RegressionLoss.AbsoluteError, Parse("--epochs 20 --loss l1").Trainer.Loss);
        Assert.Equal(RegressionLoss.AbsoluteError, Parse("--model v2 --epochs 20 --loss l1").Trainer.Loss);
        var mixed = Parse("--model v1+v2 --epochs 20 --loss l1");
        Assert.Equal((RegressionLoss.AbsoluteError, RegressionLoss.AbsoluteError), (mixed.Trainer.Loss, mixed.MixedV2!.Loss));
        Assert.Contains("mse or l1", Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --loss huber")).Message);
    }
}
