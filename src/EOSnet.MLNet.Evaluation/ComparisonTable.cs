using EOSnet.Model;
using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace EOSnet.MLNet.Evaluation;

/// <summary>Per-model cross-validation results side by side, as Markdown or CSV (metric mean ± std over folds).</summary>
public sealed class ComparisonTable
{
    /// <summary>Creates the table.</summary>
    public ComparisonTable(ModelTask task, IReadOnlyList<ModelResult> results)
    {
        Task = task;
        Results = results;
    }

    /// <summary>The task (chooses the metrics).</summary>
    public ModelTask Task { get; }
    /// <summary>One entry per model.</summary>
    public IReadOnlyList<ModelResult> Results { get; }
    /// <summary>The metrics shown.</summary>
    public IReadOnlyList<string> MetricNames => Task == ModelTask.Regression ? new[] { "MAE", "RMSE", "R2" } : new[] { "AUC", "Accuracy", "F1" };

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>A Markdown table: model, metric mean ± std per metric, folds, seconds.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| model | " + string.Join(" | ", MetricNames) + " | folds | wall s |");
        sb.AppendLine("|---|" + string.Concat(MetricNames.Select(_ => "---|")) + "---|---|");
        foreach (var r in Results)
            sb.AppendLine($"| {r.Model} | " + string.Join(" | ", MetricNames.Select(m => $"{F(r.Mean(m))} ± {F(r.Std(m))}")) +
                          $" | {string.Join(",", r.Folds.Select(f => f.Fold))} | {r.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} |");
        return sb.ToString();
    }

    /// <summary>CSV with one row per model and fold (model,fold,metric...,seconds).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendLine("model,fold," + string.Join(",", MetricNames) + ",seconds");
        foreach (var r in Results)
            foreach (var f in r.Folds)
                sb.AppendLine($"{r.Model},{f.Fold}," + string.Join(",", MetricNames.Select(m => f.Metrics[m].ToString("R", CultureInfo.InvariantCulture))) +
                              "," + f.Seconds.ToString("0.###", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>
    /// The table as a DataFrame: one row per model with Model, then Mean and Std of each metric (e.g. MAE_Mean,
    /// MAE_Std), Folds (their count) and Seconds.
    /// </summary>
    public DataFrame ToDataFrame()
    {
        var columns = new List<DataFrameColumn> { new StringDataFrameColumn("Model", Results.Select(r => r.Model)) };
        foreach (var m in MetricNames)
        {
            columns.Add(new DoubleDataFrameColumn($"{m}_Mean", Results.Select(r => r.Mean(m))));
            columns.Add(new DoubleDataFrameColumn($"{m}_Std", Results.Select(r => r.Std(m))));
        }
        columns.Add(new Int32DataFrameColumn("Folds", Results.Select(r => r.Folds.Count)));
        columns.Add(new DoubleDataFrameColumn("Seconds", Results.Select(r => r.TotalSeconds)));
        return new DataFrame(columns);
    }
}
