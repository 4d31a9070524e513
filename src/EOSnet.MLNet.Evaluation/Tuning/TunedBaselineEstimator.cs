using EOSnet.Model;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Runtime;

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

    private readonly IChannelProvider? _log;

    /// <summary>Creates the estimator (see <c>mlContext.Regression.Trainers.TunedBaseline</c>).</summary>
    /// <param name="family">The trainer to tune.</param>
    /// <param name="task">Regression or binary classification.</param>
    /// <param name="options">Budget, split and seed.</param>
    /// <param name="environment">
    /// The environment whose log receives each trial and the ML.NET trainers' own messages (Info and above); the catalog
    /// methods pass the calling context's. The trainers themselves run in a private context seeded with
    /// <see cref="BaselineSearchOptions.Seed"/>, so a search is reproducible whatever the caller's context has done.
    /// </param>
    public TunedBaselineEstimator(BaselineFamily family, ModelTask task, BaselineSearchOptions? options = null, IHostEnvironment? environment = null)
    {
        Family = family;
        Task = task;
        Options = (options ?? new BaselineSearchOptions()).Validate();
        _ml = new MLContext(Options.Seed);
        _log = environment;
        if (environment is not null)
            _ml.Log += (_, e) =>
            {
                if (e.Kind < Microsoft.ML.Runtime.ChannelMessageKind.Info) return;
                using var ch = environment.Start(nameof(TunedBaselineEstimator));
                if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info) ch.Info(MessageSensitivity.None, e.Message);
                else ch.Warning(MessageSensitivity.None, e.Message);
            };
    }

    /// <summary>The trainer tuned.</summary>
    public BaselineFamily Family { get; }
    /// <summary>Regression (MAE) or binary classification (AUC).</summary>
    public ModelTask Task { get; }
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
            if (_log is not null)
            {
                using var ch = _log.Start(nameof(TunedBaselineEstimator));
                ch.Info(MessageSensitivity.None, FormattableString.Invariant($"{Family} trial {trials.Count}: validation {(Task == ModelTask.Regression ? "MAE" : "AUC")} {metric:G5}, {trialClock.Elapsed.TotalSeconds:F1} s"));
            }
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
        double value = Task == ModelTask.Regression ? metrics["MAE"] : metrics["AUC"];
        // A diverged candidate (NaN) must never be chosen.
        return double.IsFinite(value) ? value : Task == ModelTask.Regression ? double.PositiveInfinity : double.NegativeInfinity;
    }
}
