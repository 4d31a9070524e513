using System.Diagnostics;
using Microsoft.ML;

namespace EOSnet.MLNet.Evaluation.Tuning;

/// <summary>
/// An ML.NET trainer tuned AutoML-style inside <see cref="Fit"/>: the training rows are split (seeded) into an inner
/// training and validation part, ML.NET's defaults and then random points of the family's search space are fitted on
/// the inner part and scored on the validation part until the budget is spent, and the best candidate is refitted on
/// all training rows. The caller's test rows are never seen, so under cross-validation each fold is tuned on its own
/// training folds only. <see cref="Searches"/> keeps what every call of <see cref="Fit"/> tried and chose.
/// </summary>
public sealed class TunedBaselineEstimator : IEstimator<ITransformer>
{
    private readonly MLContext _ml;
    private readonly List<BaselineSearch> _searches = new();

    /// <summary>Creates the estimator (see <c>mlContext.Regression.Trainers.TunedBaseline</c>).</summary>
    public TunedBaselineEstimator(BaselineFamily family, TaskKind task, BaselineSearchOptions? options = null)
    {
        Family = family;
        Task = task;
        Options = (options ?? new BaselineSearchOptions()).Validate();
        _ml = new MLContext(Options.Seed);
    }

    /// <summary>The trainer tuned.</summary>
    public BaselineFamily Family { get; }
    /// <summary>Regression (MAE) or binary classification (AUC).</summary>
    public TaskKind Task { get; }
    /// <summary>Budget, split and seed.</summary>
    public BaselineSearchOptions Options { get; }
    /// <summary>One entry per <see cref="Fit"/> call, in order.</summary>
    public IReadOnlyList<BaselineSearch> Searches => _searches;

    /// <summary>Searches on an inner split of <paramref name="input"/>, then fits the best candidate on all of it.</summary>
    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var split = _ml.Data.TrainTestSplit(input, Options.ValidationFraction, seed: Options.Seed);
        var random = new Random(Options.Seed);
        var clock = Stopwatch.StartNew();
        var trials = new List<BaselineTrial>();
        IReadOnlyDictionary<string, double> candidate = new Dictionary<string, double>(); // ML.NET's defaults first
        do
        {
            var trialClock = Stopwatch.StartNew();
            var model = Candidate(candidate).Fit(split.TrainSet);
            double metric = ValidationMetric(model.Transform(split.TestSet));
            (model as IDisposable)?.Dispose();
            trials.Add(new BaselineTrial(candidate, metric, trialClock.Elapsed.TotalSeconds));
            candidate = BaselineTrainers.Sample(Family, random);
        }
        while (trials.Count < Options.MaxTrials && clock.Elapsed < Options.Budget);
        var search = new BaselineSearch(Family, Task, trials, clock.Elapsed.TotalSeconds);
        _searches.Add(search);
        Options.OnSearched?.Invoke(search);
        return Candidate(search.Best.Parameters).Fit(input);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => Candidate(new Dictionary<string, double>()).GetOutputSchema(inputSchema);

    private IEstimator<ITransformer> Candidate(IReadOnlyDictionary<string, double> parameters) =>
        BaselineTrainers.Create(_ml, Family, Task, parameters, Options.LabelColumnName, Options.FeatureColumnName, Options.Seed);

    private double ValidationMetric(IDataView scored)
    {
        var metrics = FoldEvaluator.Metrics(_ml, scored, Task, Options.LabelColumnName);
        double value = Task == TaskKind.Regression ? metrics["MAE"] : metrics["AUC"];
        // A diverged candidate (NaN) must never be chosen.
        return double.IsFinite(value) ? value : Task == TaskKind.Regression ? double.PositiveInfinity : double.NegativeInfinity;
    }
}
