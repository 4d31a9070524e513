using ScottPlot;

namespace EOSnet.Cli.Plots;

/// <summary>ROC curve of a binary classifier with the AUC in the title.</summary>
public static class RocPlot
{
    /// <summary>False/true positive rates over all thresholds (descending score) and the trapezoidal AUC.</summary>
    public static (double[] Fpr, double[] Tpr, double Auc) Curve(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
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

    /// <summary>Writes the ROC curve as a PNG.</summary>
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
