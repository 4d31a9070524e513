namespace EOSnet.Model;

/// <summary>Metrics of binary predictions computed on the whole set (not averaged over batches).</summary>
public static class BinaryMetrics
{
    /// <summary>ROC-AUC (ties get half credit); NaN when only one class is present.</summary>
    public static double RocAuc(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        int n = labels.Count, pos = labels.Count(l => l), neg = n - pos;
        if (pos == 0 || neg == 0) return double.NaN;
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        int k = 0;
        while (k < n)
        {
            int end = k;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[k]]) end++;
            double avgRank = (k + end) / 2.0 + 1;
            for (int t = k; t <= end; t++) if (labels[order[t]]) rankSum += avgRank;
            k = end + 1;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }

    /// <summary>Fraction of correct predictions at probability threshold 0.5.</summary>
    public static double Accuracy(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities) =>
        labels.Count == 0 ? double.NaN : labels.Zip(probabilities, (l, p) => l == (p > 0.5)).Count(c => c) / (double)labels.Count;
}
