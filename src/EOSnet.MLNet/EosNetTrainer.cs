using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>
/// Trains EOSnet inside an ML.NET pipeline after <c>ComputeGomFingerprints</c> and <c>BuildCrystalGraph</c>. Created by
/// <c>mlContext.Regression.Trainers.EosNet(...)</c> or <c>mlContext.BinaryClassification.Trainers.EosNet(...)</c>; works
/// with Append, CrossValidate, Evaluate, Model.Save/Load and PredictionEngine.
/// </summary>
public sealed partial class EosNetTrainer : IEstimator<EosNetPredictionTransformer>
{
    private readonly IHostEnvironment _env;
    private readonly EosNetTrainerOptions _options;

    /// <summary>Creates the trainer for a task.</summary>
    public EosNetTrainer(IHostEnvironment env, EosNetTrainerOptions options, ModelTask task)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Task = task;
        if (options.ValidationFraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(options), "ValidationFraction must be in [0, 1)");
        if (task == ModelTask.BinaryClassification && options.Loss != RegressionLoss.SquaredError)
            throw new ArgumentException($"Loss = {options.Loss} is a regression loss; binary classification trains on the class log-likelihood: leave Loss at {RegressionLoss.SquaredError}", nameof(options));
        if (options.Network == NetworkKind.V2) CheckV2Options(options, task);
        else options.Architecture(task).Validate();
        EosNetRegistration.Register(env);
    }

    /// <summary>The task.</summary>
    public ModelTask Task { get; }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var declared = GraphShape.FromOptions(_options.FingerprintLength, _options.MaxNeighbors);
        var specs = _options.Network == NetworkKind.V2 ? _options.V2Graph(declared.FingerprintLength).Specs() : _options.Graph(declared).Specs();
        foreach (var spec in specs) spec.Check(inputSchema);
        var label = SchemaShapeColumns.Find(inputSchema, _options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(_options.LabelColumnName, $"label column '{_options.LabelColumnName}' not found");
        CheckLabelType(label.ItemType, label.Kind == SchemaShape.Column.VectorKind.Scalar);
        var outputs = new List<SchemaShape.Column> { SchemaShapeColumns.Create(CrystalColumns.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single) };
        if (Task == ModelTask.BinaryClassification)
        {
            outputs.Add(SchemaShapeColumns.Create(CrystalColumns.Probability, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single));
            outputs.Add(SchemaShapeColumns.Create(CrystalColumns.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance));
        }
        return SchemaShapeColumns.AddOrReplace(inputSchema, outputs);
    }

    private void CheckLabelType(DataViewType type, bool scalar)
    {
        bool ok = scalar && (type is NumberDataViewType || (Task == ModelTask.BinaryClassification && type is BooleanDataViewType));
        if (!ok)
            throw new ArgumentOutOfRangeException(_options.LabelColumnName,
                $"label column '{_options.LabelColumnName}' has type {type}; EOSnet {(Task == ModelTask.Regression ? "regression needs a numeric scalar (Single, Double, integers)" : "classification needs a Boolean or numeric scalar")}");
    }

    /// <summary>Trains on <paramref name="input"/>, from scratch or from <see cref="EosNetTrainerOptions.InitialModel"/>.</summary>
    /// <param name="input">Rows with the graph columns and the label.</param>
    public EosNetPredictionTransformer Fit(IDataView input) =>
        _options.Network == NetworkKind.V2 ? FitV2(input, _options.InitialModel?.Resolve(_env)) : FitCore(input, _options.InitialModel?.Resolve(_env));

    /// <summary>
    /// Continues training from a trained model (ML.NET's warm-start idiom, as
    /// <c>OnlineGradientDescentTrainer.Fit(trainData, modelParameters)</c>): the weights of
    /// <paramref name="modelParameters"/>, a fresh target normaliser from <paramref name="trainData"/> and a fresh
    /// optimiser. Overrides <see cref="EosNetTrainerOptions.InitialModel"/>.
    /// </summary>
    /// <param name="trainData">Rows with the graph columns and the label.</param>
    /// <param name="modelParameters">The trained model to start from (e.g. <c>transformer.Model</c>).</param>
    public EosNetPredictionTransformer Fit(IDataView trainData, EosNetModelParameters modelParameters)
    {
        ArgumentNullException.ThrowIfNull(modelParameters);
        var initial = EosNetInitialModel.FromParameters(modelParameters).Resolve(_env);
        return _options.Network == NetworkKind.V2 ? FitV2(trainData, initial) : FitCore(trainData, initial);
    }

    private EosNetPredictionTransformer FitCore(IDataView input, EosNetInitialModel.Resolved? initial)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = _options.ShapeOf(input.Schema, "training data");
        // The validation data must have the training data's shape (explicit options or not).
        if (_options.ValidationSet is { } validationSet)
            GraphShape.Resolve(shape.FingerprintLength, shape.MaxNeighbors, validationSet.Schema, _options.FingerprintsColumnName, _options.NeighborIndicesColumnName, "validation data");
        var architecture = initial is null ? _options.Architecture(Task, shape) : FineTuning.CheckArchitecture(initial, _options.Architecture(Task, shape));
        if (initial is not null)
        {
            FineTuning.CheckGraph(initial, input.Schema, _options.NeighborIndicesColumnName, "training data");
            if (_options.ValidationSet is { } v) FineTuning.CheckGraph(initial, v.Schema, _options.NeighborIndicesColumnName, "validation data");
        }
        var (graphs, labels) = Materialize(input, shape);
        if (graphs.Count < 2) throw new ArgumentException("EOSnet needs at least 2 training rows");
        int seed = _options.Seed ?? _env.Register("EosNet").Rand.Next();
        TrainingData train, validation;
        if (_options.ValidationSet is not null)
        {
            var (vg, vl) = Materialize(_options.ValidationSet, shape);
            train = new TrainingData(graphs, labels);
            validation = new TrainingData(vg, vl);
        }
        else if (HoldOut(graphs.Count, seed) is var (trainRows, valRows))
        {
            train = new TrainingData(trainRows.Select(i => graphs[i]).ToList(), trainRows.Select(i => labels[i]).ToList());
            validation = new TrainingData(valRows.Select(i => graphs[i]).ToList(), valRows.Select(i => labels[i]).ToList());
        }
        else
        {
            train = new TrainingData(graphs, labels);
            validation = null!;
        }
        // Progress goes to the context's log (MLContext.Log, source "EosNetTrainer"), as ML.NET's own trainers report.
        using var ch = _env.Start(nameof(EosNetTrainer));
        var recipe = _options.Recipe(seed);
        ch.Info(MessageSensitivity.None, FormattableString.Invariant(
            $"EOSnet {Task}: {train.Graphs.Count} training and {validation?.Graphs.Count ?? 0} validation structures, {recipe.Epochs} epochs, batch {recipe.BatchSize}, seed {seed}{(initial is null ? "" : ", from an initial model")}"));
        var model = EosNetTraining.Train(train, validation, architecture, recipe,
            new TrainingHooks
            {
                OnEpochEnd = r => { ch.Info(MessageSensitivity.None, r.Describe(recipe.Epochs)); _options.OnEpochEnd?.Invoke(r); },
                Cancellation = _options.Cancellation, CheckpointPath = _options.CheckpointPath, Resume = _options.Resume,
            },
            initial?.Weights);
        ch.Info(MessageSensitivity.None, $"EOSnet {Task}: trained on {model.Device}");
        var o = _options;
        var settings = new EosNetPredictionTransformer.PredictorSettings(o.AtomicNumbersColumnName, o.FingerprintsColumnName, o.NeighborIndicesColumnName,
            o.NeighborDistancesColumnName, shape.FingerprintLength, shape.MaxNeighbors, o.PredictionBatchSize, Device: null, o.FingerprintsColumnName);
        return new EosNetPredictionTransformer(_env, model, settings);
    }

    /// <summary>
    /// The seeded split of <paramref name="count"/> training rows into rows kept and the validation rows held out
    /// (<see cref="EosNetTrainerOptions.ValidationFraction"/>, at least one), each in row order; null when there is no
    /// fraction or fewer than 10 rows.
    /// </summary>
    private (List<int> Train, List<int> Validation)? HoldOut(int count, int seed)
    {
        if (!(_options.ValidationFraction > 0) || count < 10) return null;
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        int nVal = Math.Max(1, (int)Math.Round(_options.ValidationFraction * count));
        return (order.Skip(nVal).OrderBy(i => i).ToList(), order.Take(nVal).OrderBy(i => i).ToList());
    }

    /// <summary>Reads v1 graphs and labels.</summary>
    private (List<CrystalGraph> Graphs, List<double> Labels) Materialize(IDataView data, GraphShape shape)
    {
        var cols = _options.Graph(shape);
        return Materialize<CrystalGraph>(data, cols.Specs(), new[] { cols.AtomicNumbers, cols.Fingerprints, cols.NeighborIndices, cols.NeighborDistances }, row => cols.Reader(row, CrystalColumns.Id).Read);
    }

    /// <summary>Reads the inputs <paramref name="reader"/> makes of each row, and the labels (converted to double; binary: true/non-zero = 1).</summary>
    private (List<T> Inputs, List<double> Labels) Materialize<T>(IDataView data, IEnumerable<InputColumnSpec> specs, IEnumerable<string> columns, Func<DataViewRow, Func<T>> reader)
    {
        foreach (var spec in specs) spec.Check(data.Schema);
        var labelCol = data.Schema.GetColumnOrNull(_options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(_options.LabelColumnName, $"label column '{_options.LabelColumnName}' not found");
        CheckLabelType(labelCol.Type, labelCol.Type is not VectorDataViewType);
        var needed = columns.Append(_options.LabelColumnName).Append(CrystalColumns.Id)
            .Select(n => data.Schema.GetColumnOrNull(n)).Where(c => c is not null).Select(c => c!.Value).ToList();
        var inputs = new List<T>();
        var labels = new List<double>();
        using var cursor = data.GetRowCursor(needed);
        var read = reader(cursor);
        var label = LabelGetter(cursor, labelCol);
        while (cursor.MoveNext())
        {
            _options.Cancellation.ThrowIfCancellationRequested();
            double y = label();
            if (double.IsNaN(y)) continue; // rows without a label are skipped, as ML.NET trainers do
            inputs.Add(read());
            labels.Add(Task == ModelTask.BinaryClassification ? (y != 0 ? 1 : 0) : y);
        }
        return (inputs, labels);
    }

    private static Func<double> LabelGetter(DataViewRow row, DataViewSchema.Column col)
    {
        switch (col.Type)
        {
            case BooleanDataViewType: { var g = row.GetGetter<bool>(col); return () => { bool v = default; g(ref v); return v ? 1 : 0; }; }
            case NumberDataViewType n when n.RawType == typeof(float): { var g = row.GetGetter<float>(col); return () => { float v = default; g(ref v); return v; }; }
            case NumberDataViewType n when n.RawType == typeof(double): { var g = row.GetGetter<double>(col); return () => { double v = default; g(ref v); return v; }; }
            case NumberDataViewType n when n.RawType == typeof(int): { var g = row.GetGetter<int>(col); return () => { int v = default; g(ref v); return v; }; }
            case NumberDataViewType n when n.RawType == typeof(long): { var g = row.GetGetter<long>(col); return () => { long v = default; g(ref v); return v; }; }
            default: throw new ArgumentOutOfRangeException(col.Name, $"label column '{col.Name}' of type {col.Type} is not supported; convert it with mlContext.Transforms.Conversion.ConvertType(..., DataKind.Single)");
        }
    }
}
