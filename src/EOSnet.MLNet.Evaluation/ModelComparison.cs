using EOSnet.Model;
using Microsoft.ML;

namespace EOSnet.MLNet.Evaluation;

/// <summary>One call that cross-validates several models (e.g. EOSnet and ML.NET baselines) on the same folds.</summary>
public static class ModelComparison
{
    /// <summary>
    /// Runs every model on the same fixed folds of <paramref name="data"/> (an Int32 fold column) and returns the
    /// table of test metrics (mean ± std over folds). Each factory is called once per fold. <paramref name="scored"/>
    /// sees every model's scored test fold (model, fold, view), e.g. to plot out-of-fold predictions.
    /// </summary>
    public static ComparisonTable Run(MLContext ml, IDataView data, string foldColumn, int foldCount, ModelTask task,
        IReadOnlyList<(string Name, Func<int, IEstimator<ITransformer>> Create)> models, IEnumerable<int>? folds = null,
        string labelColumn = "Label", Action<string>? progress = null, Action<string, int, IDataView>? scored = null)
    {
        var selected = (folds ?? Enumerable.Range(0, foldCount)).ToList();
        var results = models.Select(m => FoldEvaluator.Run(ml, m.Name, data, foldColumn, foldCount, task, m.Create, selected, labelColumn, progress, scored)).ToList();
        return new ComparisonTable(task, results);
    }
}
