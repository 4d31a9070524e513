namespace EOSnet.MLNet.Evaluation;

/// <summary>Test metrics of one model on one fold.</summary>
/// <param name="Fold">0-based fold index.</param>
/// <param name="Metrics">Metric name → value (regression: MAE, RMSE, R2; binary: AUC, Accuracy).</param>
/// <param name="Seconds">Wall time of fit + evaluation.</param>
public sealed record FoldResult(int Fold, IReadOnlyDictionary<string, double> Metrics, double Seconds);

/// <summary>All folds of one model, with mean and (sample) standard deviation per metric.</summary>
public sealed record ModelResult(string Model, IReadOnlyList<FoldResult> Folds)
{
    /// <summary>Mean of a metric over the folds.</summary>
    public double Mean(string metric) => Folds.Average(f => f.Metrics[metric]);

    /// <summary>Sample standard deviation of a metric over the folds (0 for one fold).</summary>
    public double Std(string metric)
    {
        if (Folds.Count < 2) return 0;
        double m = Mean(metric);
        return Math.Sqrt(Folds.Sum(f => (f.Metrics[metric] - m) * (f.Metrics[metric] - m)) / (Folds.Count - 1));
    }

    /// <summary>Total wall time over all folds.</summary>
    public double TotalSeconds => Folds.Sum(f => f.Seconds);
}
