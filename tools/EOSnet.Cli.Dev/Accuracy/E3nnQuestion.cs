using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EOSnet.Crystals.IO;
using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.Model.Equivariant;

namespace EOSnet.Cli.Accuracy;

/// <summary>The networks the e3nn question compares.</summary>
public enum E3nnVariant
{
    /// <summary>The paper's v1 network (GOM + CGCNN-style convolutions), cosine-average recipe.</summary>
    V1,
    /// <summary>The e3nn (v2) network with one-hot(Z) ⊕ GOM atom features, as the authors feed it.</summary>
    V2Gom,
    /// <summary>The e3nn (v2) network with one-hot(Z) atom features only (the GOM part dropped).</summary>
    V2OneHot,
}

/// <summary>The recipe the v2 networks train with.</summary>
public enum E3nnV2Recipe
{
    /// <summary>Adam at a constant learning rate, no weight average, the last epoch's weights (the first records).</summary>
    Plain,
    /// <summary>v1's cosine-average recipe: warm-up, cosine decay, weight average 0.99, best validation epoch (batch 32 as <see cref="Plain"/>).</summary>
    CosineAverage,
}

/// <summary>Settings of one run of the e3nn question.</summary>
/// <param name="Dataset">Matbench json.gz (with its <c>.folds.json</c> beside it).</param>
/// <param name="Folds">Official folds to run.</param>
/// <param name="Variants">Networks to train on each fold.</param>
/// <param name="BudgetCpuSeconds">Training budget per network and fold, in CPU seconds of this process (one libtorch thread).</param>
/// <param name="Cutoff">v2 edge cutoff (Å); also the network's radial cutoff.</param>
/// <param name="V2Irreps">v2 hidden irreps.</param>
/// <param name="V2Interactions">v2 interaction blocks.</param>
/// <param name="ValidationOnly">Train on the training part minus validation and report validation only (the test fold is not scored).</param>
/// <param name="OutDirectory">One JSON result per (fold, variant); existing results are reused (resumable).</param>
/// <param name="V2Recipe">The recipe of the v2 networks.</param>
/// <param name="CalibrationStructures">Training structures (the first of the training part) timed to calibrate a network's epoch cost.</param>
/// <param name="NetworkSeed">Seed of the networks' initialisation and batch order (the validation split keeps <see cref="Seed"/>).</param>
/// <param name="Loss">What every network minimises (the first records: <see cref="RegressionLoss.SquaredError"/>).</param>
public sealed record E3nnQuestionSettings(string Dataset, int[] Folds, E3nnVariant[] Variants, double BudgetCpuSeconds, double Cutoff,
    string V2Irreps, int V2Interactions, bool ValidationOnly, string OutDirectory, E3nnV2Recipe V2Recipe = E3nnV2Recipe.Plain,
    int CalibrationStructures = E3nnQuestionSettings.DefaultCalibrationStructures, int NetworkSeed = E3nnQuestionSettings.Seed,
    RegressionLoss Loss = RegressionLoss.SquaredError)
{
    /// <summary>Fraction of each training part held out for validation (seeded, the same for every variant).</summary>
    public const double ValidationFraction = 0.1;
    /// <summary>Seed of the validation split, and the default seed of every network.</summary>
    public const int Seed = 42;
    /// <summary>The first records' calibration size (a small one: its epoch timings are noisy, 0.4–1.9× of the budget in use).</summary>
    public const int DefaultCalibrationStructures = 256;
    /// <summary>The v2 cutoff (Å) chosen on validation (perovskites fold 0) that the records use; another one is named in a record's model.</summary>
    public const double RecordCutoff = 4.0;

    /// <summary>The v2 network's shape for a variant.</summary>
    public EosNetV2Config V2Config(E3nnVariant v) => new(
        AtomFeatureLength: AtomFeatures.OneHotLength + (v == E3nnVariant.V2Gom ? GomOptions.DefaultFingerprintLength : 0),
        HiddenIrreps: V2Irreps, Interactions: V2Interactions, RadialCutoff: Cutoff);

    /// <summary>The file holding the validation and test predictions of one (fold, variant) (<see cref="E3nnPredictions"/>).</summary>
    public string PredictionsPath(int fold, E3nnVariant v) => Path.ChangeExtension(ResultPath(fold, v), ".predictions.csv");

    /// <summary>The loss's part of a file name: empty for the first records' MSE.</summary>
    private string LossPart => Loss == RegressionLoss.SquaredError ? "" : RegressionLossFunction.Name(Loss) + ".";

    /// <summary>The file holding the result of one (fold, variant).</summary>
    public string ResultPath(int fold, E3nnVariant v) => Path.Combine(OutDirectory, string.Create(CultureInfo.InvariantCulture,
        $"{Path.GetFileName(Dataset).Replace(".json.gz", "", StringComparison.Ordinal)}.fold{fold}.{v}.{(v == E3nnVariant.V1 ? "" : $"c{Cutoff}.{V2Irreps}.b{V2Interactions}.{(V2Recipe == E3nnV2Recipe.Plain ? "" : "cosavg.")}")}{LossPart}budget{BudgetCpuSeconds}{(CalibrationStructures == DefaultCalibrationStructures ? "" : $".cal{CalibrationStructures}")}{(NetworkSeed == Seed ? "" : $".seed{NetworkSeed}")}{(ValidationOnly ? ".validation" : "")}.json"));
}

/// <summary>The result of one network on one fold.</summary>
public sealed record E3nnFoldResult(int Fold, string Variant, int Epochs, double CalibratedCpuSecondsPerEpoch, double CpuSeconds, double WallSeconds,
    int Train, int Validation, int Test, double ValidationMae, double? TestMae, long Parameters, double EdgesPerStructure);

/// <summary>
/// "GOM + e3nn better than GOM + CGCNN?" (the authors' open question), at the same CPU budget on this machine: for each
/// official fold, v1 and v2 (with and without GOM) are trained on the fold's training part minus a seeded 10 %
/// validation split for as many epochs as the budget buys (each network's epoch cost calibrated on
/// <see cref="E3nnQuestionSettings.CalibrationStructures"/> structures), then scored on validation and on the test fold.
/// </summary>
public static class E3nnQuestion
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Runs the missing (fold, variant) results of <paramref name="s"/> and returns all of them.</summary>
    public static List<E3nnFoldResult> Run(E3nnQuestionSettings s, Action<string> log, CancellationToken ct)
    {
        Directory.CreateDirectory(s.OutDirectory);
        var results = new List<E3nnFoldResult>();
        var todo = s.Folds.SelectMany(f => s.Variants.Select(v => (f, v))).ToList();
        foreach (var (f, v) in todo.Where(t => File.Exists(s.ResultPath(t.f, t.v))))
            results.Add(ReadResult(s, f, v)!);
        todo.RemoveAll(t => File.Exists(s.ResultPath(t.f, t.v)));
        if (todo.Count == 0) return results;

        TorchRuntime.EnsureLoaded();
        var folds = MatbenchFolds.Load(s.Dataset.Replace(".json.gz", ".folds.json", StringComparison.Ordinal));
        var records = new MatbenchJsonReader(s.Dataset).Read().ToList();
        var sw = Stopwatch.StartNew();
        var featurizer = new CrystalFeaturizer(new FeaturizerOptions());
        var graphs = featurizer.FeaturizeMany(records, r => r.Crystal, 1, ct)
            .Select(x => x.Graph ?? throw new InvalidDataException($"{x.Item.Id}: {x.Error?.Message}")).ToList();
        var targets = records.Select(r => r.Target ?? throw new InvalidDataException($"{r.Id}: no target")).ToList();
        log(FormattableString.Invariant($"{records.Count} structures featurized for v1 in {sw.Elapsed.TotalSeconds:F0} s"));
        List<EquivariantGraph>? edges = null;
        if (todo.Any(t => t.v != E3nnVariant.V1))
        {
            sw.Restart();
            edges = records.Select(r => EquivariantGraphBuilder.Build(r.Crystal, s.Cutoff)).ToList();
            log(FormattableString.Invariant($"v2 edges within {s.Cutoff} Å: {edges.Average(e => e.EdgeCount):F0} per structure ({sw.Elapsed.TotalSeconds:F0} s)"));
        }
        foreach (var fold in todo.Select(t => t.f).Distinct())
        {
            var test = Enumerable.Range(0, records.Count).Where(i => folds.TestIds[fold].Contains(records[i].Id!)).ToArray();
            var trainAll = Enumerable.Range(0, records.Count).Where(i => !folds.TestIds[fold].Contains(records[i].Id!)).ToArray();
            var order = trainAll.ToArray();
            new Random(E3nnQuestionSettings.Seed).Shuffle(order);
            int nVal = (int)Math.Round(E3nnQuestionSettings.ValidationFraction * order.Length);
            var validation = order[..nVal].Order().ToArray();
            var train = order[nVal..].Order().ToArray();
            foreach (var v in todo.Where(t => t.f == fold).Select(t => t.v))
            {
                ct.ThrowIfCancellationRequested();
                log($"fold {fold}, {v}: {train.Length} train, {validation.Length} validation, {test.Length} test");
                var (r, predict) = v == E3nnVariant.V1
                    ? RunV1(s, fold, graphs, targets, train, validation, test, log)
                    : RunV2(s, fold, v, graphs, edges!, targets, train, validation, test, log);
                IEnumerable<E3nnPrediction> Predictions(string split, int[] rows) =>
                    rows.Zip(predict(rows), (i, p) => new E3nnPrediction(split, records[i].Id!, targets[i], p));
                E3nnPredictions.Write(s.PredictionsPath(fold, v), Predictions("validation", validation).Concat(s.ValidationOnly ? [] : Predictions("test", test)));
                File.WriteAllText(s.ResultPath(fold, v), JsonSerializer.Serialize(r, Json));
                log(FormattableString.Invariant($"fold {fold}, {v}: {r.Epochs} epochs, {r.CpuSeconds:F0} CPU s, validation MAE {r.ValidationMae:F4}{(r.TestMae is { } t ? $", test MAE {t:F4}" : "")}"));
                results.Add(r);
            }
        }
        return results.OrderBy(r => r.Fold).ThenBy(r => r.Variant, StringComparer.Ordinal).ToList();
    }

    /// <summary>The stored result of one (fold, variant) of <paramref name="s"/>, or null when it has not been run.</summary>
    public static E3nnFoldResult? ReadResult(E3nnQuestionSettings s, int fold, E3nnVariant v) =>
        File.Exists(s.ResultPath(fold, v)) ? JsonSerializer.Deserialize<E3nnFoldResult>(File.ReadAllText(s.ResultPath(fold, v))) : null;

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>Epochs the budget buys for a network whose calibration epoch on <paramref name="calibrated"/> structures took <paramref name="seconds"/> CPU seconds.</summary>
    private static (int Epochs, double PerEpoch) EpochsFor(double budget, double seconds, int calibrated, int train)
    {
        double perEpoch = seconds * train / calibrated;
        return (Math.Max(1, (int)Math.Floor(budget / perEpoch)), perEpoch);
    }

    private static int[] CalibrationRows(E3nnQuestionSettings s, int[] train) => train.Take(s.CalibrationStructures).ToArray();

    /// <summary>The cosine-average recipe's warm-up at a budget of <paramref name="epochs"/> (as v1 gets it here).</summary>
    private static int CosineWarmup(int epochs) => Math.Max(1, epochs / 15);

    /// <summary>The cosine-average recipe's weight-average decay.</summary>
    private const double CosineAverageDecay = 0.99;

    private static TrainingOptions V1Recipe(E3nnQuestionSettings s, int epochs) => new()
    {
        // The cosine-average recipe (EosNetPresets.CosineAverage) on one CPU thread.
        Epochs = epochs, BatchSize = 64, WarmupEpochs = CosineWarmup(epochs), Schedule = LearningRateSchedule.Cosine, EmaDecay = CosineAverageDecay,
        Threads = 1, Device = "cpu", Seed = s.NetworkSeed, Loss = s.Loss,
    };

    private static (E3nnFoldResult Result, Func<int[], double[]> Predict) RunV1(E3nnQuestionSettings s, int fold, List<CrystalGraph> graphs, List<double> targets, int[] train, int[] validation, int[] test, Action<string> log)
    {
        TrainingData Data(int[] rows) => new(rows.Select(i => graphs[i]).ToList(), rows.Select(i => targets[i]).ToList());
        var calibration = CalibrationRows(s, train);
        var perEpoch = new List<double>();
        double mark = CpuSeconds();
        using (EosNetTraining.Train(Data(calibration), null, new EosNetArchitecture(), V1Recipe(s, 2) with { WarmupEpochs = 1 },
            new TrainingHooks { OnEpochEnd = _ => { double now = CpuSeconds(); perEpoch.Add(now - mark); mark = now; } })) { }
        var (epochs, estimate) = EpochsFor(s.BudgetCpuSeconds, perEpoch[^1], calibration.Length, train.Length);
        log(FormattableString.Invariant($"  v1: {estimate:F1} CPU s per epoch (calibrated) → {epochs} epochs"));
        double cpu0 = CpuSeconds();
        var wall = Stopwatch.StartNew();
        using var model = EosNetTraining.Train(Data(train), Data(validation), new EosNetArchitecture(), V1Recipe(s, epochs),
            new TrainingHooks { OnEpochEnd = e => log("  " + e.Describe(epochs)) });
        double cpu = CpuSeconds() - cpu0, seconds = wall.Elapsed.TotalSeconds;
        var predictions = Cache(rows => model.Predict(rows.Select(i => graphs[i]).ToList()).Select(p => (double)p.Value).ToArray());
        double Mae(int[] rows) => MeanAbsoluteError(predictions(rows), rows, targets);
        return (new E3nnFoldResult(fold, nameof(E3nnVariant.V1), epochs, estimate, cpu, seconds, train.Length, validation.Length, test.Length,
            Mae(validation), s.ValidationOnly ? null : Mae(test), model.Network.ParameterCount, graphs.Average(g => (double)g.NeighborIndices.Length)), predictions);
    }

    private static (E3nnFoldResult Result, Func<int[], double[]> Predict) RunV2(E3nnQuestionSettings s, int fold, E3nnVariant v, List<CrystalGraph> graphs, List<EquivariantGraph> edges, List<double> targets,
        int[] train, int[] validation, int[] test, Action<string> log)
    {
        var config = s.V2Config(v);
        bool gom = v == E3nnVariant.V2Gom;
        List<EquivariantSample> Samples(int[] rows) => rows.Select(i => Sample(graphs[i], edges[i], gom)).ToList();
        List<double> Targets(int[] rows) => rows.Select(i => targets[i]).ToList();
        bool cosineAverage = s.V2Recipe == E3nnV2Recipe.CosineAverage;
        EosNetV2TrainingOptions Recipe(int epochs) => new()
        {
            Epochs = epochs, BatchSize = 32, LearningRate = 1e-3, GradientClip = 1.0, PredictionBatchSize = 64, Threads = 1, Device = "cpu", Seed = s.NetworkSeed,
            WarmupEpochs = cosineAverage ? CosineWarmup(epochs) : 0, Schedule = cosineAverage ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant,
            EmaDecay = cosineAverage ? CosineAverageDecay : 0, Loss = s.Loss,
        };
        var calibration = CalibrationRows(s, train);
        var perEpoch = new List<double>();
        double mark = CpuSeconds();
        using (EosNetV2Training.Train(Samples(calibration), Targets(calibration), config, Recipe(2),
            (_, _) => { double now = CpuSeconds(); perEpoch.Add(now - mark); mark = now; })) { }
        var (epochs, estimate) = EpochsFor(s.BudgetCpuSeconds, perEpoch[^1], calibration.Length, train.Length);
        log(FormattableString.Invariant($"  {v}: {estimate:F1} CPU s per epoch (calibrated) → {epochs} epochs"));
        double cpu0 = CpuSeconds();
        var wall = Stopwatch.StartNew();
        // The plain recipe keeps the last epoch; the cosine-average one selects the best epoch on the validation split, as v1.
        using var model = EosNetV2Training.Train(Samples(train), Targets(train), config, Recipe(epochs),
            e => log("  " + e.Describe(epochs)), CancellationToken.None,
            cosineAverage ? Samples(validation) : null, cosineAverage ? Targets(validation) : null);
        double cpu = CpuSeconds() - cpu0, seconds = wall.Elapsed.TotalSeconds;
        var predictions = Cache(rows => model.Predict(Samples(rows)));
        double Mae(int[] rows) => MeanAbsoluteError(predictions(rows), rows, targets);
        return (new E3nnFoldResult(fold, v.ToString(), epochs, estimate, cpu, seconds, train.Length, validation.Length, test.Length,
            Mae(validation), s.ValidationOnly ? null : Mae(test), model.Network.ParameterCount, edges.Average(e => (double)e.EdgeCount)), predictions);
    }

    /// <summary>The v2 input of one structure: one-hot(Z) ⊕ (with <paramref name="gom"/>) the v1 featurizer's GOM values, and the edges.</summary>
    internal static EquivariantSample Sample(CrystalGraph graph, EquivariantGraph edges, bool gom)
    {
        int width = AtomFeatures.OneHotLength + (gom ? graph.FingerprintLength : 0);
        var features = new double[graph.AtomCount * width];
        for (int i = 0; i < graph.AtomCount; i++)
        {
            features[i * width + graph.AtomicNumbers[i]] = 1;
            if (!gom) continue;
            for (int k = 0; k < graph.FingerprintLength; k++)
                features[i * width + AtomFeatures.OneHotLength + k] = graph.AtomFingerprints[i * graph.FingerprintLength + k];
        }
        return EquivariantSample.From(edges, features);
    }

    /// <summary>
    /// A network's predictions, computed once per row set (the model is disposed when its run returns, so the validation
    /// and test predictions are all made there and only read back later).
    /// </summary>
    private static Func<int[], double[]> Cache(Func<int[], double[]> predict)
    {
        var made = new Dictionary<int[], double[]>(ReferenceEqualityComparer.Instance);
        return rows => made.TryGetValue(rows, out var p) ? p : made[rows] = predict(rows);
    }

    private static double MeanAbsoluteError(double[] predictions, int[] rows, List<double> targets) =>
        rows.Select((i, k) => Math.Abs(predictions[k] - targets[i])).Average();
}
