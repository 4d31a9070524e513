namespace EOSnet.Model;

/// <summary>How the learning rate falls after the warm-up.</summary>
public enum LearningRateSchedule
{
    /// <summary>×<see cref="TrainingOptions.Gamma"/> at each milestone (the reference).</summary>
    MultiStep,
    /// <summary>Half a cosine from lr₀ down towards 0 over the epochs after the warm-up (milestones ignored).</summary>
    Cosine,
    /// <summary>lr₀ after the warm-up, no decay (milestones ignored; the v2 network's plain recipe).</summary>
    Constant,
}

/// <summary>The learning rate of an epoch in closed form, shared by the v1 and v2 recipes.</summary>
public static class LearningRateCurve
{
    /// <summary>
    /// The rate of epoch <paramref name="epoch"/> (0-based): a linear warm-up lr₀(0.1 + 0.9 e/W) over
    /// <paramref name="warmupEpochs"/> W, then <paramref name="schedule"/> over the remaining epochs of <paramref name="epochs"/>.
    /// </summary>
    /// <param name="epoch">The epoch (0-based).</param>
    /// <param name="learningRate">lr₀.</param>
    /// <param name="warmupEpochs">W (0: no warm-up).</param>
    /// <param name="epochs">The run's epochs (the cosine's span ends there).</param>
    /// <param name="schedule">The decay after the warm-up.</param>
    /// <param name="milestones">Multi-step: decay epochs counted from the end of the warm-up.</param>
    /// <param name="gamma">Multi-step: the factor at each milestone.</param>
    public static double At(int epoch, double learningRate, int warmupEpochs, int epochs, LearningRateSchedule schedule, IReadOnlyList<int> milestones, double gamma)
    {
        if (epoch < warmupEpochs) return learningRate * (0.1 + 0.9 * epoch / warmupEpochs);
        switch (schedule)
        {
            case LearningRateSchedule.Cosine:
                int span = Math.Max(1, epochs - warmupEpochs);
                return learningRate * 0.5 * (1 + Math.Cos(Math.PI * (epoch - warmupEpochs) / span));
            case LearningRateSchedule.Constant:
                return learningRate;
            default:
                int passed = milestones.Count(m => epoch - warmupEpochs >= m);
                return learningRate * Math.Pow(gamma, passed);
        }
    }
}

/// <summary>The training recipe (defaults = the authors' published v1 runs, eosnet-reference §8).</summary>
public sealed record TrainingOptions
{
    /// <summary>The reference's epochs: 500.</summary>
    public const int DefaultEpochs = 500;
    /// <summary>The reference's crystals per batch: 256 (for the large sets).</summary>
    public const int DefaultBatchSize = 256;
    /// <summary>The reference's Adam learning rate lr₀: 1e-3.</summary>
    public const double DefaultLearningRate = 1e-3;
    /// <summary>The default crystals per forward pass when predicting: 256.</summary>
    public const int DefaultPredictionBatchSize = 256;
    /// <summary>The default device: "auto" (CUDA when present, else the CPU).</summary>
    public const string DefaultDevice = "auto";

    /// <summary>Epochs (reference: <see cref="DefaultEpochs"/>).</summary>
    public int Epochs { get; init; } = DefaultEpochs;
    /// <summary>Crystals per batch (reference: <see cref="DefaultBatchSize"/>).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;
    /// <summary>Adam learning rate lr₀ (reference: <see cref="DefaultLearningRate"/>).</summary>
    public double LearningRate { get; init; } = DefaultLearningRate;
    /// <summary>Adam weight decay (L2 added to the gradient, the reference; AdamW's with <see cref="DecoupledWeightDecay"/>).</summary>
    public double WeightDecay { get; init; }
    /// <summary>Decay the weights as AdamW does (w ← w·(1 − lr·<see cref="WeightDecay"/>) each step) instead of Adam's L2 term.</summary>
    public bool DecoupledWeightDecay { get; init; }
    /// <summary>Linear warm-up epochs W: lr = lr₀(0.1 + 0.9 e/W).</summary>
    public int WarmupEpochs { get; init; } = 20;
    /// <summary>Decay milestones, counted from the end of the warm-up.</summary>
    public IReadOnlyList<int> Milestones { get; init; } = new[] { 100, 200, 400 };
    /// <summary>Shape of the decay after the warm-up (reference: multi-step).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.MultiStep;
    /// <summary>
    /// Decay of an exponential moving average of the weights, updated after every optimiser step (0 = off, the
    /// reference). When on, validation, the best-epoch selection and the returned model use the averaged weights.
    /// </summary>
    public double EmaDecay { get; init; }
    /// <summary>Decay factor at each milestone.</summary>
    public double Gamma { get; init; } = 0.1;
    /// <summary>Global gradient-norm clip (0 = off).</summary>
    public double GradientClip { get; init; } = 1.0;
    /// <summary>Regression: what is minimised on the standardised target (reference: <see cref="RegressionLoss.SquaredError"/>; classification ignores it).</summary>
    public RegressionLoss Loss { get; init; } = RegressionLoss.SquaredError;
    /// <summary>Seed of initialisation, shuffling and dropout.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>libtorch intra-op threads (0 = leave as is).</summary>
    public int Threads { get; init; }
    /// <summary>auto | cpu | cuda | cuda:N (default <see cref="DefaultDevice"/>).</summary>
    public string Device { get; init; } = DefaultDevice;
    /// <summary>Stop when the validation metric has not improved for this many epochs (null = never).</summary>
    public int? EarlyStoppingPatience { get; init; }
    /// <summary>Crystals per forward pass when predicting (a crystal's prediction does not depend on it).</summary>
    public int PredictionBatchSize { get; init; } = DefaultPredictionBatchSize;
    /// <summary>Freeze the atom embedding and the convolutions (fine-tuning: only the head trains; see <see cref="EosNetNetwork.FreezeConvolutions"/>).</summary>
    public bool FreezeConvolutions { get; init; }

    /// <summary>Learning rate of epoch e (0-based) in closed form.</summary>
    public double LearningRateAt(int epoch) => LearningRateCurve.At(epoch, LearningRate, WarmupEpochs, Epochs, Schedule, Milestones, Gamma);

    /// <summary>Throws for invalid settings.</summary>
    public TrainingOptions Validate() => Validate(minimumEpochs: 1);

    /// <summary>Throws for invalid settings; fine-tuning allows 0 epochs (the initial weights with a fresh normaliser).</summary>
    internal TrainingOptions Validate(int minimumEpochs)
    {
        if (Epochs < minimumEpochs || BatchSize < 2 || LearningRate <= 0 || WarmupEpochs < 0 || Gamma <= 0 || GradientClip < 0)
            throw new ArgumentOutOfRangeException(nameof(TrainingOptions), $"epochs ≥ {minimumEpochs}, batch size ≥ 2, positive learning rate and gamma, non-negative warm-up and clip are required");
        if (EmaDecay is < 0 or >= 1 || double.IsNaN(EmaDecay))
            throw new ArgumentOutOfRangeException(nameof(EmaDecay), EmaDecay, "the weight-average decay must be in [0, 1) (0 = off)");
        return this;
    }
}

/// <summary>What happened in one epoch.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="TrainLoss">Mean training loss (the standardised regression loss, or weighted NLL).</param>
/// <param name="ValidationMae">Regression: validation MAE in target units.</param>
/// <param name="ValidationAuc">Classification: validation ROC-AUC on all validation predictions.</param>
/// <param name="ValidationAccuracy">Classification: accuracy at P = 0.5.</param>
/// <param name="LearningRate">Learning rate used.</param>
/// <param name="Seconds">Wall time of the epoch (training + validation).</param>
/// <param name="IsBest">Whether this epoch produced the best validation metric so far.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double? ValidationMae, double? ValidationAuc, double? ValidationAccuracy, double LearningRate, double Seconds, bool IsBest)
{
    /// <summary>One line: "epoch 3/50: train loss 0.1234, validation MAE 0.0567 (best), lr 0.001, 2.1 s".</summary>
    /// <param name="epochs">The number of epochs of the run.</param>
    public string Describe(int epochs)
    {
        var validation = ValidationMae is { } mae ? FormattableString.Invariant($", validation MAE {mae:G5}")
            : ValidationAuc is { } auc ? FormattableString.Invariant($", validation AUC {auc:F4}, accuracy {ValidationAccuracy:F4}") : "";
        return FormattableString.Invariant($"epoch {Epoch + 1}/{epochs}: train loss {TrainLoss:G5}{validation}{(IsBest ? " (best)" : "")}, lr {LearningRate:G3}, {Seconds:F1} s");
    }
}
