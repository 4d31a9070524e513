using EOSnet.Model;
using ScottPlot;

namespace EOSnet.MLNet.Plots;

/// <summary>Training loss and validation metric per epoch.</summary>
public static class LearningCurvePlot
{
    /// <summary>
    /// Writes the learning curves of a training history (<see cref="EosNetModelParameters.History"/>, or the reports
    /// collected with <see cref="EosNetTrainerOptions.OnEpochEnd"/>) as a PNG: training loss, and the validation MAE
    /// (regression) or ROC AUC (classification) where the history has one.
    /// </summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="history">One report per epoch, in order.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static void Save(string path, IReadOnlyList<EpochReport> history, string title, int width = 900, int height = 600)
    {
        bool regression = history.Any(h => h.ValidationMae is not null);
        bool classification = !regression && history.Any(h => h.ValidationAuc is not null);
        var metric = regression ? history.Select(h => h.ValidationMae ?? double.NaN).ToList()
            : classification ? history.Select(h => h.ValidationAuc ?? double.NaN).ToList() : new List<double>();
        Save(path, history.Select(h => h.TrainLoss).ToList(), metric, regression ? "MAE" : "AUC", title, width, height);
    }

    /// <summary>Writes the learning curves as a PNG (training loss on the left axis, validation metric on the right).</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="trainLoss">Training loss per epoch (at least one).</param>
    /// <param name="validationMetric">Validation metric per epoch (may be empty, or shorter than <paramref name="trainLoss"/>).</param>
    /// <param name="metricName">Name of the validation metric for the legend and axis.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <exception cref="ArgumentException">There is no epoch to plot.</exception>
    public static void Save(string path, IReadOnlyList<double> trainLoss, IReadOnlyList<double> validationMetric, string metricName, string title, int width = 900, int height = 600)
    {
        if (trainLoss.Count == 0) throw new ArgumentException("no epochs to plot");
        var plt = new Plot();
        var epochs = Enumerable.Range(1, trainLoss.Count).Select(e => (double)e).ToArray();
        var loss = plt.Add.ScatterLine(epochs, trainLoss.ToArray());
        loss.LegendText = "training loss";
        loss.LineWidth = 2;
        if (validationMetric.Count > 0)
        {
            var val = plt.Add.ScatterLine(epochs.Take(validationMetric.Count).ToArray(), validationMetric.ToArray());
            val.LegendText = $"validation {metricName}";
            val.LineWidth = 2;
            val.Axes.YAxis = plt.Axes.Right;
            plt.Axes.Right.Label.Text = $"validation {metricName}";
        }
        plt.Axes.Left.Label.Text = "training loss";
        plt.XLabel("epoch");
        plt.Title(title);
        plt.ShowLegend();
        plt.SavePng(path, width, height);
    }
}
