using EOSnet.Model;
using System.Text.Json;
using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using Microsoft.ML;

namespace EOSnet.MLNet.Evaluation;

/// <summary>Per-fold and mean test scores of one model on a Matbench task, in Matbench's results layout.</summary>
public sealed record MatbenchReport(string Task, ModelResult Result, ModelTask Kind)
{
    /// <summary>
    /// JSON shaped like Matbench's results: <c>{"task", "folds": {"fold_0": {"scores": {...}}, …},
    /// "scores": {metric: {"mean", "std", "min", "max"}}}</c> with lower-case metric names (mae, rmse, r2 / rocauc,
    /// accuracy, f1).
    /// </summary>
    public string ToJson()
    {
        string Key(string m) => m switch { "AUC" => "rocauc", _ => m.ToLowerInvariant() };
        var folds = Result.Folds.ToDictionary(f => $"fold_{f.Fold}", f => new { scores = f.Metrics.ToDictionary(kv => Key(kv.Key), kv => kv.Value) });
        var metrics = Result.Folds[0].Metrics.Keys;
        var scores = metrics.ToDictionary(Key, m => new
        {
            mean = Result.Mean(m),
            std = Result.Std(m),
            min = Result.Folds.Min(f => f.Metrics[m]),
            max = Result.Folds.Max(f => f.Metrics[m]),
        });
        return JsonSerializer.Serialize(new { task = Task, model = Result.Model, folds, scores }, new JsonSerializerOptions { WriteIndented = true });
    }
}

/// <summary>
/// The official Matbench protocol: for each fold k of the folds sidecar, fit on every other fold and score fold k.
/// The featurizer (if given) runs once on the whole dataset and is cached; the learner is created fresh per fold.
/// </summary>
public static class MatbenchProtocol
{
    /// <summary>The Int32 column of each row's test fold in the data the protocol builds.</summary>
    public const string FoldColumn = "Fold";

    /// <summary>Runs the protocol on a Matbench json(.gz) file with its <c>.folds.json</c> sidecar.</summary>
    /// <param name="ml">The context (seed, log).</param>
    /// <param name="datasetPath">The Matbench json(.gz) file.</param>
    /// <param name="model">The model's name in the report.</param>
    /// <param name="task">Regression or binary classification.</param>
    /// <param name="createLearner">A fresh learner for fold k (called once per fold).</param>
    /// <param name="featurizer">Run once on all rows and cached, before the folds; null when the learner featurizes.</param>
    /// <param name="folds">The folds to run (default: all).</param>
    /// <param name="foldsPath">The folds sidecar (default: <c>NAME.folds.json</c> beside the dataset).</param>
    /// <param name="progress">One line per step.</param>
    public static MatbenchReport Run(MLContext ml, string datasetPath, string model, ModelTask task, Func<int, IEstimator<ITransformer>> createLearner,
        IEstimator<ITransformer>? featurizer = null, IEnumerable<int>? folds = null, string? foldsPath = null, Action<string>? progress = null)
    {
        foldsPath ??= datasetPath.EndsWith(".json.gz", StringComparison.Ordinal) ? datasetPath[..^".json.gz".Length] + ".folds.json" : Path.ChangeExtension(datasetPath, ".folds.json");
        var reader = new MatbenchJsonReader(datasetPath);
        var table = Compare(ml, reader.Read().ToList(), MatbenchFolds.Load(foldsPath), task, new[] { (model, createLearner) }, featurizer, folds, progress);
        return new MatbenchReport(reader.TargetName ?? Path.GetFileName(datasetPath), table.Results[0], task);
    }

    /// <summary>
    /// Runs the protocol for several models on the same folds of records already read (e.g. EOSnet and ML.NET
    /// baselines): the rows are the records with a target and a fold; the featurizer runs once on all of them.
    /// </summary>
    /// <param name="ml">The context (seed, log).</param>
    /// <param name="records">The structures and targets (records without a target or a fold are left out).</param>
    /// <param name="sidecar">The folds.</param>
    /// <param name="task">Regression or binary classification.</param>
    /// <param name="models">Each model's name and a factory of a fresh learner for fold k.</param>
    /// <param name="featurizer">Run once on all rows and cached, before the folds; null when the learners featurize.</param>
    /// <param name="folds">The folds to run (default: all).</param>
    /// <param name="progress">One line per step.</param>
    /// <param name="scored">Sees every model's scored test fold (model, fold, view), e.g. to plot out-of-fold predictions.</param>
    public static ComparisonTable Compare(MLContext ml, IReadOnlyList<CrystalRecord> records, MatbenchFolds sidecar, ModelTask task,
        IReadOnlyList<(string Name, Func<int, IEstimator<ITransformer>> Create)> models, IEstimator<ITransformer>? featurizer = null,
        IEnumerable<int>? folds = null, Action<string>? progress = null, Action<string, int, IDataView>? scored = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(sidecar);
        var rows = records.Where(r => r.Target is not null && sidecar.FoldOf(r.Id) >= 0).ToList();
        var frame = CrystalDataFrame.FromRecords(ml, rows, task == ModelTask.Regression ? CrystalLabelKind.Regression : CrystalLabelKind.Binary);
        frame.Columns.Add(new Microsoft.Data.Analysis.Int32DataFrameColumn(FoldColumn, rows.Select(r => sidecar.FoldOf(r.Id))));
        IDataView data = frame;
        if (featurizer is not null)
        {
            progress?.Invoke($"featurizing {rows.Count} structures …");
            data = ml.Data.Cache(featurizer.Fit(data).Transform(data));
        }
        return ModelComparison.Run(ml, data, FoldColumn, sidecar.Count, task, models, folds, progress: progress, scored: scored);
    }
}
