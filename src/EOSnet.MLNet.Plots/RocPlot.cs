using Microsoft.ML;
using ScottPlot;

namespace EOSnet.MLNet.Plots;

/// <summary>ROC curve of a binary classifier with the AUC in the title.</summary>
public static class RocPlot
{
    /// <summary>False/true positive rates over all thresholds (descending score) and the trapezoidal AUC.</summary>
    /// <param name="labels">True classes.</param>
    /// <param name="scores">Classifier scores or probabilities, one per label; higher means more likely positive.</param>
    /// <returns>The curve's points, from (0, 0) to (1, 1), and the area under it.</returns>
    /// <exception cref="ArgumentException">Only one class is present, or the lists differ in length.</exception>
    public static (double[] Fpr, double[] Tpr, double Auc) Curve(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        if (labels.Count != scores.Count) throw new ArgumentException("a ROC curve needs one score per label");
        int pos = labels.Count(l => l), neg = labels.Count - pos;
        if (pos == 0 || neg == 0) throw new ArgumentException("a ROC curve needs both classes");
        var order = Enumerable.Range(0, labels.Count).OrderByDescending(i => scores[i]).ToList();
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Count; k++)
        {
            if (labels[order[k]]) tp++; else fp++;
            bool lastOfTie = k == order.Count - 1 || scores[order[k + 1]] != scores[order[k]];
            if (lastOfTie) { fpr.Add((double)fp / neg); tpr.Add((double)tp / pos); }
        }
        double auc = 0;
        for (int i = 1; i < fpr.Count; i++) auc += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        return (fpr.ToArray(), tpr.ToArray(), auc);
    }

    /// <summary>Writes the ROC curve of a scored binary-classification <see cref="IDataView"/> as a PNG.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="predictions">Scored data with a Boolean label column and a Single or Double score column.</param>
    /// <param name="title">Plot title; the AUC is appended.</param>
    /// <param name="labelColumnName">Boolean column of true classes.</param>
    /// <param name="scoreColumnName">Column ranking the examples (<c>Probability</c> or <c>Score</c>).</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <returns>The ROC AUC.</returns>
    public static double Save(string path, IDataView predictions, string title,
        string labelColumnName = "Label", string scoreColumnName = "Probability", int width = 800, int height = 800) =>
        Save(path, PredictionColumns.Booleans(predictions, labelColumnName), PredictionColumns.Numbers(predictions, scoreColumnName), title, width, height);

    /// <summary>Writes the ROC curve of labels and scores as a PNG.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="labels">True classes.</param>
    /// <param name="scores">Classifier scores or probabilities, one per label.</param>
    /// <param name="title">Plot title; the AUC is appended.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <returns>The ROC AUC.</returns>
    public static double Save(string path, IReadOnlyList<bool> labels, IReadOnlyList<double> scores, string title, int width = 800, int height = 800)
    {
        var (fpr, tpr, auc) = Curve(labels, scores);
        var plt = new Plot();
        var chance = plt.Add.Line(0, 0, 1, 1);
        chance.Color = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        var curve = plt.Add.ScatterLine(fpr, tpr);
        curve.LineWidth = 2;
        plt.Axes.SetLimits(0, 1, 0, 1);
        plt.Title(FormattableString.Invariant($"{title} — ROC AUC {auc:F4}"));
        plt.XLabel("false positive rate");
        plt.YLabel("true positive rate");
        plt.SavePng(path, width, height);
        return auc;
    }
}
