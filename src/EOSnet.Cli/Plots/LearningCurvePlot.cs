using ScottPlot;

namespace EOSnet.Cli.Plots;

/// <summary>Training loss and validation metric per epoch.</summary>
public static class LearningCurvePlot
{
    /// <summary>Writes the learning curves as a PNG (training loss on the left axis, validation metric on the right).</summary>
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
