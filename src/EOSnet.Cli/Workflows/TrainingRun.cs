using EOSnet.Model;
using EOSnet.MLNet;

namespace EOSnet.Cli.Workflows;

/// <summary>
/// A CLI training run: the trainer's <see cref="EosNetTrainerOptions"/> as the command line set them (every trainer
/// setting and its default live there; the CLI has none of its own) and what only the CLI decides.
/// </summary>
/// <param name="Trainer">The trainer options; every trainer made from the run gets its own copy (<see cref="EosNetWorkflow"/>).</param>
/// <param name="Features">The atom features: the featurizers and <see cref="EosNetTrainerOptions.FingerprintLength"/>.</param>
/// <param name="FineTune">The <c>--fine-tune</c> path (its model is <see cref="EosNetTrainerOptions.InitialModel"/>), or null.</param>
/// <param name="Era">The <c>--era</c> of a fine-tuned checkpoint, or null.</param>
/// <param name="MixedV2">With <c>--model v1+v2</c>: the v2 recipe trained beside <paramref name="Trainer"/> (v1) in one ensemble; else null.</param>
public sealed record TrainingRun(EosNetTrainerOptions Trainer, FeatureSet Features = FeatureSet.GomS, string? FineTune = null, GraphEra? Era = null,
    EosNetTrainerOptions? MixedV2 = null)
{
    /// <summary>The seed of a run that names none: the reference recipe's.</summary>
    public static int DefaultSeed { get; } = new TrainingOptions().Seed;

    /// <summary>The run's seed (its trainer's, which <see cref="Create"/> always sets).</summary>
    public int Seed => Trainer.Seed ?? DefaultSeed;

    /// <summary>
    /// A run of <paramref name="trainer"/> (changed in place): the seed set (<see cref="DefaultSeed"/> unless given), the
    /// fingerprint length of <paramref name="features"/>, and the learning-rate <paramref name="schedule"/> of
    /// <see cref="CliSchedules"/> at the options' epoch budget.
    /// </summary>
    public static TrainingRun Create(EosNetTrainerOptions trainer, FeatureSet features = FeatureSet.GomS, string schedule = CliSchedules.Paper)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        trainer.Seed ??= DefaultSeed;
        trainer.FingerprintLength = EosNetWorkflow.FingerprintLength(features);
        CliSchedules.Apply(trainer, schedule);
        return new TrainingRun(trainer, features);
    }

    /// <summary>The run's network (v1 for a mixed run, whose v2 recipe is <see cref="MixedV2"/>).</summary>
    public NetworkKind Network => Trainer.Network;

    /// <summary>The cutoff of the v2 edge list the run needs (v2 or mixed), else null.</summary>
    public double? EdgeCutoff => Network == NetworkKind.V2 ? Trainer.V2Config.RadialCutoff : MixedV2?.V2Config.RadialCutoff;

    /// <summary>How the run names its network in messages: v1, v2 or v1+v2.</summary>
    public string NetworkName => MixedV2 is null ? Network.ToString().ToLowerInvariant() : "v1+v2";

    /// <summary>Refuses what the run's network cannot do: resuming a v2 run (v2 writes no checkpoints yet).</summary>
    /// <param name="resume">Whether --resume was given.</param>
    public void CheckSupported(bool resume)
    {
        if ((Network == NetworkKind.V2 || MixedV2 is not null) && resume) throw new CliUsageException($"--resume is not supported with --model {NetworkName} (v2 writes no checkpoints yet)");
    }
}
