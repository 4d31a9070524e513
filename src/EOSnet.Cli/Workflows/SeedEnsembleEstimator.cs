using EOSnet.MLNet;
using EOSnet.MLNet.Evaluation;
using EOSnet.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Cli.Workflows;

/// <summary>
/// A deep ensemble for cross-validation (<c>eosnet cv --ensemble N</c>): <see cref="Fit"/> holds out one validation
/// split of the training rows (shared by every member), trains N members with consecutive seeds on the rest, each
/// choosing its epochs on that split, and measures the ensemble mean on it. The fitted transformer scores a view with
/// every member and replaces <c>Score</c> (and, for classifiers, <c>Probability</c> and <c>PredictedLabel</c>) by the
/// members' mean, matched by crystal id. It is not saveable: <c>eosnet train --ensemble N</c> writes deployable members.
/// </summary>
public sealed class SeedEnsembleEstimator : IEstimator<ITransformer>
{
    private readonly MLContext _ml;
    private readonly ModelTask _task;
    private readonly int _members;
    private readonly int _seed;
    private readonly double _validationFraction;
    private readonly Func<int, IDataView, IEstimator<ITransformer>> _member;
    private readonly Action<SeedEnsembleValidation>? _onValidation;

    /// <summary>
    /// Creates the ensemble. <paramref name="member"/> makes member k's estimator given the validation split it must
    /// select epochs on (seed: <paramref name="seed"/> + k); <paramref name="onValidation"/> receives the validation
    /// metrics after each fit (MAE for regression, AUC for classification).
    /// </summary>
    public SeedEnsembleEstimator(MLContext ml, ModelTask task, int members, int seed, Func<int, IDataView, IEstimator<ITransformer>> member,
        Action<SeedEnsembleValidation>? onValidation = null, double validationFraction = 0.1)
    {
        if (members < 1) throw new ArgumentOutOfRangeException(nameof(members), "an ensemble needs at least one member");
        if (validationFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(validationFraction), "the validation fraction must be in (0, 1)");
        _ml = ml; _task = task; _members = members; _seed = seed; _member = member; _onValidation = onValidation; _validationFraction = validationFraction;
    }

    /// <inheritdoc />
    public ITransformer Fit(IDataView input)
    {
        var split = _ml.Data.TrainTestSplit(input, _validationFraction, seed: _seed);
        var validation = _ml.Data.Cache(split.TestSet);
        var members = Enumerable.Range(0, _members).Select(k => _member(k, validation).Fit(split.TrainSet)).ToList();
        var fitted = new SeedEnsembleTransformer(_ml, _task, members);
        if (_onValidation is not null)
        {
            var kind = _task == ModelTask.Regression ? TaskKind.Regression : TaskKind.BinaryClassification;
            string metric = _task == ModelTask.Regression ? "MAE" : "AUC";
            var single = members.Select(m => FoldEvaluator.Metrics(_ml, m.Transform(validation), kind)[metric]).ToArray();
            _onValidation(new SeedEnsembleValidation(FoldEvaluator.Metrics(_ml, fitted.Transform(validation), kind)[metric], single));
        }
        return fitted;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => _member(0, null!).GetOutputSchema(inputSchema);
}

/// <summary>Validation metric of an ensemble and of each member alone, on the split they all selected epochs on.</summary>
public sealed record SeedEnsembleValidation(double Ensemble, IReadOnlyList<double> Members);

/// <summary>The members of a fitted <see cref="SeedEnsembleEstimator"/>; scores are the members' mean (see there).</summary>
public sealed class SeedEnsembleTransformer : ITransformer, IDisposable
{
    private readonly MLContext _ml;
    private readonly ModelTask _task;

    internal SeedEnsembleTransformer(MLContext ml, ModelTask task, IReadOnlyList<ITransformer> members)
    {
        _ml = ml; _task = task; Members = members;
    }

    /// <summary>The fitted members.</summary>
    public IReadOnlyList<ITransformer> Members { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => false;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Members[0].GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("an ensemble scores whole views (Transform), not single rows");

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        var p = Ensemble.Predict(_ml, Members, input, _task);
        var mean = new Dictionary<string, float>(p.Ids.Length);
        foreach (var (id, value) in p.Ids.Zip(p.Mean))
            if (!mean.TryAdd(id, (float)value)) throw new InvalidOperationException($"crystal id '{id}' occurs twice; an ensemble matches members' scores by id");
        var scored = Members[0].Transform(input);
        return _task == ModelTask.Regression
            ? _ml.Transforms.CustomMapping<IdRow, RegressionRow>((s, d) => d.Score = mean[s.Id], null).Fit(scored).Transform(scored)
            : _ml.Transforms.CustomMapping<IdRow, ClassificationRow>((s, d) =>
            {
                float q = mean[s.Id];
                d.Probability = q;
                d.Score = MathF.Log(MathF.Max(q, 1e-7f) / MathF.Max(1 - q, 1e-7f)); // the logit of the mean probability
                d.PredictedLabel = q > 0.5f;
            }, null).Fit(scored).Transform(scored);
    }

    /// <inheritdoc />
    public void Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("a cross-validation ensemble is not saved; 'eosnet train --ensemble N' writes deployable members");

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var m in Members) (m as IDisposable)?.Dispose();
    }

    private sealed class IdRow
    {
        public string Id { get; set; } = "";
    }

    private sealed class RegressionRow
    {
        public float Score { get; set; }
    }

    private sealed class ClassificationRow
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }
}
