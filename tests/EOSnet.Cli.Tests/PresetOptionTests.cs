using System.CommandLine;
using EOSnet.Cli.Commands;
using EOSnet.Model;

namespace EOSnet.Cli.Tests;

/// <summary>--preset, --schedule cosine and --ema become the trainer settings they name.</summary>
public class PresetOptionTests
{
    private static Workflows.RunSettings Parse(string line)
    {
        var arguments = new TrainingArguments();
        var command = new Command("train");
        arguments.AddTo(command);
        return arguments.Settings(command.Parse(line));
    }

    [Fact]
    public void Preset_v2_sets_cosine_decay_weight_averaging_and_the_budget_batch()
    {
        var s = Parse("--epochs 30 --preset v2");
        Assert.Equal("cosine", s.Schedule);
        Assert.Equal(LearningRateSchedule.Cosine, s.DecayShape);
        Assert.Equal(0.99, s.EmaDecay);
        Assert.Equal(64, s.BatchSize);
        Assert.Equal(2, s.EffectiveWarmup);                       // the budget recipe's max(1, 30 / 15)
        Assert.Equal(128, Parse("--epochs 30 --preset v2 --batch-size 128").BatchSize);
    }

    [Fact]
    public void Schedule_and_ema_options_stand_alone_and_bad_values_are_usage_errors()
    {
        var s = Parse("--epochs 20 --schedule cosine --ema 0.99");
        Assert.Equal(LearningRateSchedule.Cosine, s.DecayShape);
        Assert.Equal(0.99, s.EmaDecay);
        var paper = Parse("--epochs 20");
        Assert.Equal(LearningRateSchedule.MultiStep, paper.DecayShape);
        Assert.Equal(0, paper.EmaDecay);
        Assert.Equal(256, paper.BatchSize);
        Assert.Equal("budget", Parse("--epochs 20 --preset budget").Schedule);
        Assert.Contains("v2", Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --preset fast")).Message);
        Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --ema 1"));
        Assert.Contains("cosine", Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --schedule linear")).Message);
    }

    [Fact]
    public void Architecture_and_weight_decay_options_reach_the_trainer_options()
    {
        var s = Parse("--epochs 20 --preset v2 --atom-embedding 96 --conv-layers 4 --weight-decay 0.01 --adamw");
        Assert.Equal((96, 4, 0.01, true), (s.AtomEmbedding, s.ConvLayers, s.WeightDecay, s.DecoupledWeightDecay));
        Assert.Equal(0.99, s.EmaDecay); // the preset keeps its own settings
        var o = (EOSnet.MLNet.EosNetTrainerOptions)typeof(EOSnet.MLNet.EosNetTrainer)
            .GetField("_options", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(Workflows.EosNetWorkflow.Trainer(new Microsoft.ML.MLContext(1), ModelTask.Regression, s, null))!;
        Assert.Equal((96, 4, 0.01, true), (o.AtomEmbedding, o.ConvLayers, o.WeightDecay, o.DecoupledWeightDecay));
        var defaults = Parse("--epochs 20");
        Assert.Equal((64, 3, 0.0, false), (defaults.AtomEmbedding, defaults.ConvLayers, defaults.WeightDecay, defaults.DecoupledWeightDecay));
        Assert.Contains("--weight-decay", Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --adamw")).Message);
        Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --conv-layers 0"));
        Assert.Throws<CliUsageException>(() => Parse("--epochs 20 --weight-decay -1"));
    }
}
