using EOSnet.Model;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Evaluation;

/// <summary>
/// Cross-validation on fixed folds (e.g. Matbench's official ones): the data carries an Int32 fold column; for each
/// fold k the estimator is fitted on the other folds and evaluated on fold k with ML.NET's evaluators.
/// </summary>
public static class FoldEvaluator
{
    private sealed class FoldRow
    {
        public int Fold { get; set; }
    }

    /// <summary>Rows of fold <paramref name="k"/> (test) or of every other fold (train).</summary>
    public static IDataView Select(MLContext ml, IDataView data, string foldColumn, int k, bool test)
    {
        IDataView view = data;
        if (foldColumn != nameof(FoldRow.Fold))
            view = ml.Transforms.CopyColumns(nameof(FoldRow.Fold), foldColumn).Fit(data).Transform(data);
        return ml.Data.FilterByCustomPredicate<FoldRow>(view, r => test ? r.Fold != k : r.Fold == k);
    }

    /// <summary>
    /// Evaluates one model on the given folds. <paramref name="createEstimator"/> is called once per fold (so
    /// stateful trainers start fresh); <paramref name="folds"/> selects which folds to run (all when null);
    /// <paramref name="onScored"/> sees each scored test fold before the fold's model is disposed.
    /// </summary>
    public static ModelResult Run(MLContext ml, string model, IDataView data, string foldColumn, int foldCount, ModelTask task,
        Func<int, IEstimator<ITransformer>> createEstimator, IEnumerable<int>? folds = null, string labelColumn = "Label",
        Action<string>? progress = null, Action<string, int, IDataView>? onScored = null)
    {
        var results = new List<FoldResult>();
        foreach (int k in folds ?? Enumerable.Range(0, foldCount))
        {
            var sw = Stopwatch.StartNew();
            var train = Select(ml, data, foldColumn, k, test: false);
            var test = Select(ml, data, foldColumn, k, test: true);
            var fitted = createEstimator(k).Fit(train);
            var scored = fitted.Transform(test);
            var metrics = Metrics(ml, scored, task, labelColumn);
            onScored?.Invoke(model, k, scored);
            (fitted as IDisposable)?.Dispose();
            results.Add(new FoldResult(k, metrics, sw.Elapsed.TotalSeconds));
            progress?.Invoke($"{model} fold {k}: {string.Join(", ", metrics.Select(m => $"{m.Key} {m.Value:G4}"))} ({sw.Elapsed.TotalSeconds:F1} s)");
        }
        return new ModelResult(model, results);
    }

    /// <summary>Test metrics from a scored view, computed by ML.NET's evaluators.</summary>
    public static IReadOnlyDictionary<string, double> Metrics(MLContext ml, IDataView scored, ModelTask task, string labelColumn = "Label")
    {
        if (task == ModelTask.Regression)
        {
            var m = ml.Regression.Evaluate(scored, labelColumn);
            return new Dictionary<string, double> { ["MAE"] = m.MeanAbsoluteError, ["RMSE"] = m.RootMeanSquaredError, ["R2"] = m.RSquared };
        }
        var hasProbability = scored.Schema.GetColumnOrNull("Probability") is not null;
        var b = hasProbability ? ml.BinaryClassification.Evaluate(scored, labelColumn) : ml.BinaryClassification.EvaluateNonCalibrated(scored, labelColumn);
        return new Dictionary<string, double> { ["AUC"] = b.AreaUnderRocCurve, ["Accuracy"] = b.Accuracy, ["F1"] = b.F1Score };
    }
}
