using ScottPlot;

namespace EOSnet.MLNet.Plots;

/// <summary>One line of a <see cref="SizeCurvePlot"/>: a metric's mean and spread at each training-set size.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Sizes">Training-set sizes (positive).</param>
/// <param name="Means">Mean metric per size.</param>
/// <param name="Spreads">Standard deviation per size (error bars).</param>
public sealed record SizeCurveSeries(string Name, IReadOnlyList<int> Sizes, IReadOnlyList<double> Means, IReadOnlyList<double> Spreads);

/// <summary>Learning curves over the training-set size (log axis), with error bars: e.g. fine-tuned versus from scratch.</summary>
public static class SizeCurvePlot
{
    /// <summary>Writes the curves as a PNG.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="series">The curves (at least one, each with one value per size).</param>
    /// <param name="title">Plot title.</param>
    /// <param name="metricName">Y-axis label, e.g. "test MAE".</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <exception cref="ArgumentException">No series, or a series whose lengths differ.</exception>
    public static void Save(string path, IReadOnlyList<SizeCurveSeries> series, string title, string metricName, int width = 900, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("no curves to plot", nameof(series));
        var plt = new Plot();
        foreach (var s in series)
        {
            if (s.Sizes.Count == 0 || s.Means.Count != s.Sizes.Count || s.Spreads.Count != s.Sizes.Count || s.Sizes.Any(n => n <= 0))
                throw new ArgumentException($"curve '{s.Name}': one mean and one spread per positive size are needed", nameof(series));
            var xs = s.Sizes.Select(n => Math.Log10(n)).ToArray();
            var line = plt.Add.Scatter(xs, s.Means.ToArray());
            line.LegendText = s.Name;
            line.LineWidth = 2;
            line.MarkerSize = 8;
            var bars = plt.Add.ErrorBar(xs, s.Means.ToArray(), s.Spreads.ToArray());
            bars.Color = line.Color;
        }
        var sizes = series.SelectMany(s => s.Sizes).Distinct().Order().ToArray();
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            sizes.Select(n => Math.Log10(n)).ToArray(), sizes.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plt.XLabel("training structures (log scale)");
        plt.YLabel(metricName);
        plt.Title(title);
        plt.ShowLegend(Alignment.UpperRight);
        plt.SavePng(path, width, height);
    }
}
