using EOSnet.Model;
using System.Text.Json;
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
    /// <summary>Runs the protocol on a Matbench json(.gz) file with its <c>.folds.json</c> sidecar.</summary>
    public static MatbenchReport Run(MLContext ml, string datasetPath, string model, ModelTask task, Func<int, IEstimator<ITransformer>> createLearner,
        IEstimator<ITransformer>? featurizer = null, IEnumerable<int>? folds = null, string? foldsPath = null, Action<string>? progress = null)
    {
        foldsPath ??= datasetPath.EndsWith(".json.gz", StringComparison.Ordinal) ? datasetPath[..^".json.gz".Length] + ".folds.json" : Path.ChangeExtension(datasetPath, ".folds.json");
        var sidecar = MatbenchFolds.Load(foldsPath);
        var reader = new MatbenchJsonReader(datasetPath);
        var records = reader.Read().Where(r => r.Target is not null && sidecar.FoldOf(r.Id) >= 0).ToList();
        var frame = CrystalDataFrame.FromRecords(ml, records, task == ModelTask.Regression ? CrystalLabelKind.Regression : CrystalLabelKind.Binary);
        frame.Columns.Add(new Microsoft.Data.Analysis.Int32DataFrameColumn("Fold", records.Select(r => sidecar.FoldOf(r.Id))));
        IDataView data = frame;
        if (featurizer is not null) data = ml.Data.Cache(featurizer.Fit(data).Transform(data));
        var result = FoldEvaluator.Run(ml, model, data, "Fold", sidecar.Count, task, createLearner, folds, progress: progress);
        return new MatbenchReport(reader.TargetName ?? Path.GetFileName(datasetPath), result, task);
    }
}
