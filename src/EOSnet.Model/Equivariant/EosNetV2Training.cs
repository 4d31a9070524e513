using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model.Equivariant;

/// <summary>
/// The settings of <see cref="EosNetV2Training"/>. Every shared setting defaults to v1's recipe
/// (<see cref="TrainingOptions"/>: warm-up, multi-step decay, no weight average) and means what it means there: the
/// reference trains both networks through the same <c>train.py</c> flags. A plain recipe is
/// <c>Schedule = Constant, WarmupEpochs = 0</c>.
/// </summary>
public sealed record EosNetV2TrainingOptions
{
    /// <summary>v1's recipe, whose defaults these options take.</summary>
    private static readonly TrainingOptions Reference = new();

    /// <summary>Passes over the training rows.</summary>
    public int Epochs { get; init; } = Reference.Epochs;
    /// <summary>Structures per mini-batch (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = Reference.BatchSize;
    /// <summary>Adam's learning rate lr₀ (after the warm-up; see <see cref="Schedule"/>).</summary>
    public double LearningRate { get; init; } = Reference.LearningRate;
    /// <summary>Linear warm-up epochs W: lr = lr₀(0.1 + 0.9 e/W) (0: none).</summary>
    public int WarmupEpochs { get; init; } = Reference.WarmupEpochs;
    /// <summary>The decay after the warm-up.</summary>
    public LearningRateSchedule Schedule { get; init; } = Reference.Schedule;
    /// <summary>Multi-step decay epochs, counted from the end of the warm-up (only with <see cref="LearningRateSchedule.MultiStep"/>).</summary>
    public IReadOnlyList<int> Milestones { get; init; } = Reference.Milestones;
    /// <summary>Multi-step decay factor at each milestone.</summary>
    public double Gamma { get; init; } = Reference.Gamma;
    /// <summary>
    /// Decay of an exponential moving average of the weights, updated after every optimiser step (0 = off). When on,
    /// validation, the best-epoch selection and the returned model use the averaged weights
    /// (<see cref="WeightAverage"/>), as in v1.
    /// </summary>
    public double EmaDecay { get; init; } = Reference.EmaDecay;
    /// <summary>Global gradient-norm clip, as v1 (0 = off).</summary>
    public double GradientClip { get; init; } = Reference.GradientClip;
    /// <summary>What is minimised on the standardised target, as v1 (<see cref="TrainingOptions.Loss"/>).</summary>
    public RegressionLoss Loss { get; init; } = Reference.Loss;
    /// <summary>Seed of the initial weights and of the shuffled batch order.</summary>
    public int Seed { get; init; } = Reference.Seed;
    /// <summary>libtorch intra-op threads (0 = leave as is); results are reproducible for a fixed seed and thread count.</summary>
    public int Threads { get; init; }
    /// <summary>auto | cpu | cuda | cuda:N (default <see cref="TrainingOptions.DefaultDevice"/>).</summary>
    public string Device { get; init; } = Reference.Device;
    /// <summary>Structures per forward pass when predicting.</summary>
    public int PredictionBatchSize { get; init; } = Reference.PredictionBatchSize;
    /// <summary>With validation structures: stop when the validation MAE has not improved for this many epochs (null = never).</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Throws for invalid settings; returns these options otherwise.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public EosNetV2TrainingOptions Validate()
    {
        if (WarmupEpochs < 0) throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, "a non-negative warm-up");
        if (!(Gamma > 0)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "a positive decay factor");
        if (EmaDecay is < 0 or >= 1 || double.IsNaN(EmaDecay)) throw new ArgumentOutOfRangeException(nameof(EmaDecay), EmaDecay, "the weight-average decay must be in [0, 1) (0 = off)");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "at least one epoch");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "at least one structure per batch");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "a positive, finite learning rate");
        if (!(GradientClip >= 0)) throw new ArgumentOutOfRangeException(nameof(GradientClip), GradientClip, "a non-negative clip (0 = off)");
        if (PredictionBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(PredictionBatchSize), PredictionBatchSize, "at least one structure per batch");
        if (EarlyStoppingPatience < 1) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "at least one epoch (null = never stop early)");
        return this;
    }

    /// <summary>Learning rate of epoch e (0-based), as <see cref="TrainingOptions.LearningRateAt"/>.</summary>
    public double LearningRateAt(int epoch) => LearningRateCurve.At(epoch, LearningRate, WarmupEpochs, Epochs, Schedule, Milestones, Gamma);
}

/// <summary>
/// Trains <see cref="EosNetV2"/> for regression with v1's idioms: targets standardised with the training rows'
/// mean and standard deviation (<see cref="TargetNormalizer"/>), mini-batches in an order shuffled per epoch from the
/// seed (<see cref="EosNetTraining.Shuffle"/>), the regression loss (MSE by default) on the standardised target, <see cref="ScalarSafeAdam"/> with the
/// learning rate of each epoch from <see cref="LearningRateCurve"/>, global gradient-norm clipping and an optional
/// weight average. The initial weights come from the seed (under the lock v1 uses), so two runs with
/// the same samples, options and thread count give identical losses and weights on CPU.
/// </summary>
public static class EosNetV2Training
{
    /// <summary>Trains a fresh network of shape <paramref name="config"/> on <paramref name="samples"/> and <paramref name="targets"/>.</summary>
    /// <param name="samples">The training structures.</param>
    /// <param name="targets">One finite target per structure.</param>
    /// <param name="config">The network's shape.</param>
    /// <param name="options">The recipe.</param>
    /// <param name="onEpochEnd">Called after every epoch with the epoch (0-based) and its mean loss.</param>
    /// <exception cref="ArgumentException">No samples, a count mismatch or a target that is not finite.</exception>
    /// <exception cref="ArithmeticException">The loss became NaN or infinite.</exception>
    public static EosNetV2TrainedModel Train(IReadOnlyList<EquivariantSample> samples, IReadOnlyList<double> targets, EosNetV2Config config,
        EosNetV2TrainingOptions options, Action<int, double>? onEpochEnd = null) =>
        Train(samples, targets, config, options, onEpochEnd is null ? null : r => onEpochEnd(r.Epoch, r.TrainLoss), CancellationToken.None);

    /// <summary>Trains as <see cref="Train(IReadOnlyList{EquivariantSample}, IReadOnlyList{double}, EosNetV2Config, EosNetV2TrainingOptions, Action{int, double})"/>, reporting each epoch as v1 does.</summary>
    /// <param name="samples">The training structures.</param>
    /// <param name="targets">One finite target per structure.</param>
    /// <param name="config">The network's shape.</param>
    /// <param name="options">The recipe.</param>
    /// <param name="onEpochEnd">Called after every epoch with its report (training loss, validation MAE, learning rate, seconds).</param>
    /// <param name="cancellation">Cancels training between batches.</param>
    /// <param name="validationSamples">
    /// Structures held out to select the best epoch (null: none, the last epoch's weights, or with <see cref="EosNetV2TrainingOptions.EmaDecay"/> their average, are kept): after every epoch
    /// their MAE in target units is reported, the weights of the best epoch are returned, and
    /// <see cref="EosNetV2TrainingOptions.EarlyStoppingPatience"/> applies.
    /// </param>
    /// <param name="validationTargets">One finite target per validation structure.</param>
    /// <param name="initialWeights">
    /// Fine-tuning: the weights to start from (a state dictionary of a network of shape <paramref name="config"/>, e.g.
    /// <see cref="EosNetV2TrainedModel.ExportStateDict"/>); null starts from the seeded initialisation. The target
    /// normaliser comes from <paramref name="targets"/> and the optimiser starts afresh either way.
    /// </param>
    /// <exception cref="ArgumentException">No samples, a count mismatch or a target that is not finite.</exception>
    /// <exception cref="InvalidDataException"><paramref name="initialWeights"/> do not fit a network of shape <paramref name="config"/>.</exception>
    /// <exception cref="ArithmeticException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static EosNetV2TrainedModel Train(IReadOnlyList<EquivariantSample> samples, IReadOnlyList<double> targets, EosNetV2Config config,
        EosNetV2TrainingOptions options, Action<EpochReport>? onEpochEnd, CancellationToken cancellation,
        IReadOnlyList<EquivariantSample>? validationSamples = null, IReadOnlyList<double>? validationTargets = null,
        IReadOnlyDictionary<string, float[]>? initialWeights = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        config.Validate();
        if (samples.Count == 0) throw new ArgumentException("no training structures", nameof(samples));
        if (samples.Count != targets.Count) throw new ArgumentException($"{samples.Count} structures but {targets.Count} targets", nameof(targets));
        for (int i = 0; i < targets.Count; i++)
            if (!double.IsFinite(targets[i])) throw new ArgumentException($"target {i} is not finite", nameof(targets));
        if ((validationSamples is null) != (validationTargets is null) || (validationSamples is not null && (validationSamples.Count != validationTargets!.Count || validationSamples.Count == 0)))
            throw new ArgumentException("validation needs as many finite targets as structures (at least one)", nameof(validationTargets));
        if (validationTargets is not null && validationTargets.Any(t => !double.IsFinite(t))) throw new ArgumentException("a validation target is not finite", nameof(validationTargets));

        TorchRuntime.EnsureLoaded();
        TorchRuntime.SetThreads(options.Threads);
        var device = TorchRuntime.ResolveDevice(options.Device);
        EosNetV2 net;
        lock (EosNetTraining.SeedGate)
        {
            torch.manual_seed(options.Seed);
            net = new EosNetV2(config);
        }
        try
        {
            if (initialWeights is not null) StateDictionaryIO.Load(net, initialWeights);
            net.to(device);
            var parameters = net.parameters().ToList();
            var normalizer = TargetNormalizer.Fit(targets);
            var standardised = targets.Select(normalizer.Normalize).ToArray();
            using var optimizer = new ScalarSafeAdam(parameters, options.LearningRate);
            using var average = options.EmaDecay > 0 ? new WeightAverage(net, options.EmaDecay) : null;
            var history = new List<EpochReport>();
            Dictionary<string, float[]>? best = null;
            double bestMae = double.PositiveInfinity;
            int bestEpoch = -1;
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                double lr = options.LearningRateAt(epoch);
                foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
                net.train();
                var order = EosNetTraining.Shuffle(samples.Count, options.Seed, epoch);
                double sum = 0;
                for (int start = 0; start < order.Length; start += options.BatchSize)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var rows = order.Skip(start).Take(options.BatchSize).ToArray();
                    double loss = Step(net, optimizer, parameters, rows.Select(i => samples[i]).ToList(), rows.Select(i => standardised[i]).ToArray(), device, options.GradientClip, options.Loss);
                    if (!double.IsFinite(loss)) throw new ArithmeticException($"the training loss is {loss} in epoch {epoch}: training diverged");
                    average?.Update();
                    sum += loss * rows.Length;
                }
                average?.Apply(); // validation and the best-epoch weights use the average; the live weights go on training
                double? mae = null;
                if (validationSamples is not null)
                {
                    var predicted = Predict(net, validationSamples, options.PredictionBatchSize, device, normalizer);
                    mae = predicted.Select((y, i) => Math.Abs(y - validationTargets![i])).Average();
                }
                bool isBest = mae < bestMae;
                if (isBest)
                {
                    (bestMae, bestEpoch) = (mae!.Value, epoch);
                    best = StateDictionaryIO.Export(net);
                }
                bool last = epoch == options.Epochs - 1;
                if (average is not null && !(validationSamples is null && last)) average.Restore(); // without validation the last average is the model
                double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
                history.Add(new EpochReport(epoch, sum / samples.Count, mae, null, null, lr, seconds, isBest));
                onEpochEnd?.Invoke(history[^1]);
                if (options.EarlyStoppingPatience is int patience && bestEpoch >= 0 && epoch - bestEpoch >= patience) break;
            }
            if (best is not null) StateDictionaryIO.Load(net, best);
            net.eval();
            return new EosNetV2TrainedModel(net, normalizer, history, device, options.PredictionBatchSize);
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>One optimiser step on one mini-batch; returns its mean loss (before the update).</summary>
    private static double Step(EosNetV2 net, ScalarSafeAdam optimizer, List<Parameter> parameters, List<EquivariantSample> batchSamples, double[] targets, Device device, double clip, RegressionLoss lossKind)
    {
        using var scope = NewDisposeScope();
        using var batch = EquivariantBatch.Create(batchSamples, net.ParameterType, device);
        var target = tensor(targets, new long[] { targets.Length, 1 }, net.ParameterType, device);
        var output = net.forward(batch);
        var loss = RegressionLossFunction.Compute(lossKind, output, target);
        optimizer.zero_grad();
        loss.backward();
        if (clip > 0) nn.utils.clip_grad_norm_(parameters, clip);
        optimizer.step();
        return loss.to_type(ScalarType.Float64).cpu().item<double>();
    }

    /// <summary>Predictions in target units, <paramref name="batchSize"/> structures per forward pass, in evaluation mode.</summary>
    internal static double[] Predict(EosNetV2 net, IReadOnlyList<EquivariantSample> samples, int batchSize, Device device, TargetNormalizer normalizer)
    {
        bool training = net.training;
        net.eval();
        var result = new double[samples.Count];
        for (int start = 0; start < samples.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, samples.Count - start);
            var raw = Forward(net, samples.Skip(start).Take(count).ToList(), device);
            for (int k = 0; k < count; k++) result[start + k] = normalizer.Denormalize(raw[k]);
        }
        if (training) net.train();
        return result;
    }

    /// <summary>Raw network outputs (standardised units) of one batch, without gradients.</summary>
    internal static double[] Forward(EosNetV2 net, List<EquivariantSample> batchSamples, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = EquivariantBatch.Create(batchSamples, net.ParameterType, device);
        var output = net.forward(batch);
        return output.to_type(ScalarType.Float64).cpu().reshape(-1).data<double>().ToArray();
    }
}
