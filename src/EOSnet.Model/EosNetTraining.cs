using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EOSnet.Featurization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>Graphs with their targets (regression values, or 0/1 labels).</summary>
public sealed record TrainingData(IReadOnlyList<CrystalGraph> Graphs, IReadOnlyList<double> Targets)
{
    /// <summary>Checks that graphs and targets match and targets are finite.</summary>
    public TrainingData Validate(string what)
    {
        if (Graphs.Count != Targets.Count) throw new ArgumentException($"{what}: {Graphs.Count} graphs but {Targets.Count} targets");
        if (Graphs.Count == 0) throw new ArgumentException($"{what}: no rows");
        for (int i = 0; i < Targets.Count; i++)
            if (!double.IsFinite(Targets[i])) throw new ArgumentException($"{what}: target of row {i} ('{Graphs[i].Id}') is not finite");
        return this;
    }
}

/// <summary>Hooks into a training run.</summary>
public sealed class TrainingHooks
{
    /// <summary>Called after every epoch.</summary>
    public Action<EpochReport>? OnEpochEnd { get; init; }
    /// <summary>When set, a checkpoint is written atomically here after every epoch.</summary>
    public string? CheckpointPath { get; init; }
    /// <summary>Continue from <see cref="CheckpointPath"/> when it exists.</summary>
    public bool Resume { get; init; }
    /// <summary>Stops training (throws <see cref="OperationCanceledException"/>) between batches.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>
/// Trains EOSnet with the published recipe: Adam, closed-form warm-up + multi-step (or cosine) learning rate per epoch,
/// optional weight averaging, global gradient-norm clipping, MSE on targets standardised with training statistics (regression) or class-weighted NLL
/// (classification), seeded shuffling, best model by validation MAE / epoch-level ROC-AUC, optional early stopping,
/// atomic checkpoints that resume bit for bit on CPU.
/// </summary>
public static class EosNetTraining
{
    /// <summary>Held while seeding libtorch's generator and building a network (v1 and v2 trainings share it).</summary>
    internal static readonly object SeedGate = new();

    /// <summary>Trains a network; <paramref name="validation"/> selects the best epoch (without it the last epoch is kept).</summary>
    public static EosNetModel Train(TrainingData train, TrainingData? validation, EosNetArchitecture architecture, TrainingOptions options, TrainingHooks? hooks = null) =>
        Train(train, validation, architecture, options, hooks, initialWeights: null);

    /// <summary>
    /// Trains a network that starts from <paramref name="initialWeights"/> (fine-tuning; null: a fresh initialisation)
    /// with a fresh target normaliser from <paramref name="train"/> and a fresh optimiser, as the authors fine-tune.
    /// With weights, 0 epochs is allowed: the model is then the initial network with the new normaliser.
    /// </summary>
    /// <param name="train">Training rows (also the source of the target normaliser).</param>
    /// <param name="validation">Rows that select the best epoch (null: the last epoch is kept).</param>
    /// <param name="architecture">The network's shape; must be the shape of <paramref name="initialWeights"/>.</param>
    /// <param name="options">The recipe (<see cref="TrainingOptions.FreezeConvolutions"/> freezes embedding and convolutions).</param>
    /// <param name="hooks">Progress, cancellation and checkpoint hooks.</param>
    /// <param name="initialWeights">State dictionary to start from (PyTorch names), e.g. <see cref="EosNetModel.ExportStateDict"/>.</param>
    public static EosNetModel Train(TrainingData train, TrainingData? validation, EosNetArchitecture architecture, TrainingOptions options, TrainingHooks? hooks,
        IReadOnlyDictionary<string, float[]>? initialWeights)
    {
        TorchRuntime.EnsureLoaded();
        hooks ??= new TrainingHooks();
        options.Validate(minimumEpochs: initialWeights is null ? 1 : 0);
        architecture.Validate();
        train.Validate("training data");
        validation?.Validate("validation data");
        TorchRuntime.SetThreads(options.Threads);
        var device = TorchRuntime.ResolveDevice(options.Device);
        bool classification = architecture.Task == ModelTask.BinaryClassification;
        if (classification && (train.Targets.Any(t => t != 0 && t != 1)))
            throw new ArgumentException("classification targets must be 0 or 1");

        EosNetNetwork net;
        // Initialisation draws from libtorch's process-wide generator: two trainings started at once would interleave
        // their draws (and get weights that depend on timing) unless seeding and construction happen together.
        lock (SeedGate)
        {
            torch.manual_seed(options.Seed);
            net = new EosNetNetwork(architecture);
        }
        if (initialWeights is not null) StateDictionaryIO.Load(net, initialWeights);
        if (options.FreezeConvolutions) net.FreezeConvolutions();
        net.to(device);
        var trainable = net.TrainableParameters();
        var normalizer = classification ? TargetNormalizer.Identity : TargetNormalizer.Fit(train.Targets);
        var classWeights = classification ? ClassWeights(train.Targets) : null;
        using var optimizer = new ScalarSafeAdam(trainable, options.LearningRate, 0.9, 0.999, 1e-8, options.WeightDecay, options.DecoupledWeightDecay);
        var state = new RunState();
        if (hooks.Resume && hooks.CheckpointPath is not null && File.Exists(hooks.CheckpointPath))
            state = TrainingCheckpoint.Restore(hooks.CheckpointPath, net, optimizer, architecture, options);

        // Weight averaging (EmaDecay > 0) starts at the initial or resumed weights; a checkpoint holds the live weights
        // only, so a resumed run's average restarts there (not bit-identical to an uninterrupted run).
        using var average = options.EmaDecay > 0 ? new WeightAverage(net, options.EmaDecay) : null;
        var normalizedTargets = train.Targets.Select(normalizer.Normalize).ToArray();
        using var weightTensor = classWeights is null ? null : OnDevice(classWeights, device);
        using var dropoutStream = new torch.Generator(0, device);
        net.DropoutGenerator = dropoutStream;
        for (int epoch = state.NextEpoch; epoch < options.Epochs; epoch++)
        {
            var sw = Stopwatch.StartNew();
            double lr = options.LearningRateAt(epoch);
            foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
            dropoutStream.manual_seed(Mix(options.Seed, epoch)); // this epoch's dropout masks: reproducible after a resume
            net.train();
            double lossSum = 0;
            int seen = 0;
            foreach (var batchRows in Batches(train.Graphs, Shuffle(train.Graphs.Count, options.Seed, epoch), options.BatchSize))
            {
                hooks.Cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                using var batch = GraphBatch.Collate(batchRows.Select(i => train.Graphs[i]).ToList(), device);
                var output = net.forward(batch);
                Tensor loss;
                if (classification)
                {
                    using var labels = tensor(batchRows.Select(i => (long)train.Targets[i]).ToArray(), new long[] { batchRows.Count }).to(device);
                    loss = nn.functional.nll_loss(nn.functional.log_softmax(output, 1), labels, weightTensor);
                }
                else
                {
                    using var target = tensor(batchRows.Select(i => (float)normalizedTargets[i]).ToArray(), new long[] { batchRows.Count, 1 }).to(device);
                    loss = RegressionLossFunction.Compute(options.Loss, output, target);
                }
                optimizer.zero_grad();
                loss.backward();
                if (options.GradientClip > 0) nn.utils.clip_grad_norm_(trainable, options.GradientClip);
                optimizer.step();
                average?.Update();
                lossSum += loss.item<float>() * batchRows.Count;
                seen += batchRows.Count;
            }
            double? mae = null, auc = null, acc = null;
            double metric = double.NaN;
            average?.Apply(); // validation and the best-epoch weights use the average; the live weights go on training
            if (validation is not null)
            {
                var model = new EosNetModel(net, normalizer, state.History, device);
                var preds = model.Predict(validation.Graphs, options.PredictionBatchSize);
                if (classification)
                {
                    var labels = validation.Targets.Select(t => t != 0).ToList();
                    auc = BinaryMetrics.RocAuc(labels, preds.Select(p => (double)p.Logit).ToList());
                    acc = BinaryMetrics.Accuracy(labels, preds.Select(p => (double)p.Probability).ToList());
                    metric = -(auc ?? double.NaN);
                }
                else
                {
                    mae = preds.Zip(validation.Targets, (p, t) => Math.Abs(p.Value - t)).Average();
                    metric = mae.Value;
                }
                if (double.IsNaN(metric) && !classification) throw new ArithmeticException($"validation MAE is NaN at epoch {epoch}: training diverged");
            }
            bool best = validation is null || metric < state.BestMetric;
            if (best)
            {
                state.BestMetric = validation is null ? double.NaN : metric;
                state.BestEpoch = epoch;
                state.BestWeights = StateDictionaryIO.Export(net);
                state.SinceImprovement = 0;
            }
            else state.SinceImprovement++;
            average?.Restore();
            var report = new EpochReport(epoch, seen > 0 ? lossSum / seen : double.NaN, mae, auc, acc, lr, sw.Elapsed.TotalSeconds, best);
            state.History.Add(report);
            state.NextEpoch = epoch + 1;
            if (hooks.CheckpointPath is not null) TrainingCheckpoint.Write(hooks.CheckpointPath, net, optimizer, architecture, options, normalizer, state);
            hooks.OnEpochEnd?.Invoke(report);
            if (options.EarlyStoppingPatience is int patience && validation is not null && state.SinceImprovement >= patience) break;
        }
        if (state.BestWeights is not null) StateDictionaryIO.Load(net, state.BestWeights);
        net.DropoutGenerator = null; // dropoutStream is disposed on return
        return new EosNetModel(net, normalizer, state.History.ToList(), device);
    }

    /// <summary>A host array as a tensor on <paramref name="device"/>; the host tensor stays reachable (scoped) until it is copied.</summary>
    private static Tensor OnDevice(float[] values, Device device)
    {
        using var scope = NewDisposeScope();
        return tensor(values, new long[] { values.Length }).to(device).MoveToOuterDisposeScope();
    }

    /// <summary>Balanced class weights n/(2 n_c), scaled to unit L2 norm (the scale cancels in the weighted mean).</summary>
    public static float[] ClassWeights(IReadOnlyList<double> labels)
    {
        double n = labels.Count, n1 = labels.Count(t => t != 0), n0 = n - n1;
        double w0 = n0 > 0 ? n / (2 * n0) : 0, w1 = n1 > 0 ? n / (2 * n1) : 0;
        double norm = Math.Sqrt(w0 * w0 + w1 * w1);
        return new[] { (float)(w0 / norm), (float)(w1 / norm) };
    }

    /// <summary>The shuffled row order of an epoch (depends only on seed and epoch).</summary>
    public static int[] Shuffle(int count, int seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random((int)(Mix(seed, epoch) & 0x7fffffff)).Shuffle(order);
        return order;
    }

    /// <summary>
    /// Splits an order into batches; a final batch of one single-atom crystal (which BatchNorm cannot normalise in
    /// training mode) is merged into the previous batch.
    /// </summary>
    public static List<List<int>> Batches(IReadOnlyList<CrystalGraph> graphs, int[] order, int batchSize)
    {
        var batches = new List<List<int>>();
        for (int s = 0; s < order.Length; s += batchSize) batches.Add(order.Skip(s).Take(batchSize).ToList());
        if (batches.Count > 1 && batches[^1].Count == 1 && graphs[batches[^1][0]].AtomCount == 1)
        {
            batches[^2].AddRange(batches[^1]);
            batches.RemoveAt(batches.Count - 1);
        }
        return batches;
    }

    internal static long Mix(int seed, int epoch) => unchecked(seed * 1_000_003L + epoch * 7_919L + 17);

    /// <summary>Mutable progress of a run (also what a checkpoint stores).</summary>
    internal sealed class RunState
    {
        public int NextEpoch { get; set; }
        public double BestMetric { get; set; } = double.PositiveInfinity;
        public int BestEpoch { get; set; } = -1;
        public int SinceImprovement { get; set; }
        public List<EpochReport> History { get; set; } = new();
        public Dictionary<string, float[]>? BestWeights { get; set; }
    }
}

/// <summary>Atomic, checksummed training checkpoints (model, optimiser, best weights, progress).</summary>
public static class TrainingCheckpoint
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("EOSCKPT1");

    private sealed record Header(int Format, int NextEpoch, double BestMetric, int BestEpoch, int SinceImprovement,
        TargetNormalizer Normalizer, EosNetArchitecture Architecture, TrainingOptions Options, List<EpochReport> History, bool HasBest);

    internal static void Write(string path, EosNetNetwork net, Adam optimizer, EosNetArchitecture arch, TrainingOptions options, TargetNormalizer normalizer, EosNetTraining.RunState state)
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            var header = new Header(1, state.NextEpoch, state.BestMetric, state.BestEpoch, state.SinceImprovement, normalizer, arch, options, state.History, state.BestWeights is not null);
            w.Write(JsonSerializer.Serialize(header, EosNetModel.Json));
            net.save(w);
            optimizer.save_state_dict(w);
            if (state.BestWeights is not null)
            {
                w.Write(state.BestWeights.Count);
                foreach (var (name, values) in state.BestWeights)
                {
                    w.Write(name);
                    w.Write(values.Length);
                    foreach (var v in values) w.Write(v);
                }
            }
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            ChecksummedBlob.Write(fs, Magic, payload.ToArray());
            fs.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    internal static EosNetTraining.RunState Restore(string path, EosNetNetwork net, Adam optimizer, EosNetArchitecture arch, TrainingOptions options)
    {
        byte[] payload;
        using (var fs = File.OpenRead(path)) payload = ChecksummedBlob.Read(fs, Magic, path);
        using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        var h = JsonSerializer.Deserialize<Header>(r.ReadString(), EosNetModel.Json) ?? throw new InvalidDataException($"{path}: empty checkpoint header");
        if (h.Format != 1) throw new InvalidDataException($"{path}: checkpoint format {h.Format} is not supported");
        if (h.Architecture != arch) throw new InvalidDataException($"{path}: checkpoint architecture differs from the requested one");
        if (h.Options.Seed != options.Seed || h.Options.BatchSize != options.BatchSize)
            throw new InvalidDataException($"{path}: checkpoint was written with seed {h.Options.Seed} and batch size {h.Options.BatchSize}; resume with the same settings");
        net.load(r, strict: true);
        optimizer.load_state_dict(r);
        Dictionary<string, float[]>? best = null;
        if (h.HasBest)
        {
            best = new Dictionary<string, float[]>(StringComparer.Ordinal);
            int count = r.ReadInt32();
            for (int k = 0; k < count; k++)
            {
                var name = r.ReadString();
                var values = new float[r.ReadInt32()];
                for (int i = 0; i < values.Length; i++) values[i] = r.ReadSingle();
                best[name] = values;
            }
        }
        return new EosNetTraining.RunState
        {
            NextEpoch = h.NextEpoch, BestMetric = h.BestMetric, BestEpoch = h.BestEpoch, SinceImprovement = h.SinceImprovement,
            History = h.History, BestWeights = best,
        };
    }
}
