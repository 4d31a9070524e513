using Microsoft.ML;
using ScottPlot;

namespace EOSnet.MLNet.Plots;

/// <summary>Predicted vs true values, points coloured by local point density, MAE in the title.</summary>
public static class ParityPlot
{
    /// <summary>Writes the parity plot of a scored regression <see cref="IDataView"/> (e.g. <c>model.Transform(test)</c>) as a PNG.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="predictions">Scored data with a true-value and a predicted-value column (Single or Double).</param>
    /// <param name="title">Plot title; the MAE and the number of points are appended.</param>
    /// <param name="unit">Unit of the target, shown on the axes and with the MAE.</param>
    /// <param name="labelColumnName">Column of true values.</param>
    /// <param name="scoreColumnName">Column of predicted values.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <returns>The mean absolute error of the plotted points.</returns>
    public static double Save(string path, IDataView predictions, string title, string unit,
        string labelColumnName = "Label", string scoreColumnName = "Score", int width = 800, int height = 800) =>
        Save(path, PredictionColumns.Numbers(predictions, labelColumnName), PredictionColumns.Numbers(predictions, scoreColumnName), title, unit, width, height);

    /// <summary>Writes the parity plot of paired true and predicted values as a PNG.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="truth">True values.</param>
    /// <param name="predicted">Predicted values, one per true value.</param>
    /// <param name="title">Plot title; the MAE and the number of points are appended.</param>
    /// <param name="unit">Unit of the target, shown on the axes and with the MAE.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <returns>The mean absolute error of the plotted points.</returns>
    /// <exception cref="ArgumentException">The lists are empty or of different lengths.</exception>
    public static double Save(string path, IReadOnlyList<double> truth, IReadOnlyList<double> predicted, string title, string unit, int width = 800, int height = 800)
    {
        if (truth.Count != predicted.Count || truth.Count == 0) throw new ArgumentException("parity plot needs equally many (≥ 1) true and predicted values");
        double mae = truth.Zip(predicted, (t, p) => Math.Abs(t - p)).Average();
        double lo = Math.Min(truth.Min(), predicted.Min()), hi = Math.Max(truth.Max(), predicted.Max());
        if (hi <= lo) { lo -= 1; hi += 1; }
        double pad = 0.03 * (hi - lo);
        lo -= pad; hi += pad;

        var density = Density(truth, predicted, lo, hi, 60);
        double maxLog = density.Max(d => Math.Log(1 + d));
        const int levels = 12;
        var cmap = new ScottPlot.Colormaps.Viridis();
        var plt = new Plot();
        var diagonal = plt.Add.Line(lo, lo, hi, hi);
        diagonal.Color = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        for (int level = 0; level < levels; level++)
        {
            var idx = Enumerable.Range(0, truth.Count).Where(i => Level(density[i], maxLog, levels) == level).ToList();
            if (idx.Count == 0) continue;
            var m = plt.Add.Markers(idx.Select(i => truth[i]).ToArray(), idx.Select(i => predicted[i]).ToArray(),
                MarkerShape.FilledCircle, 4, cmap.GetColor((level + 0.5) / levels));
            m.MarkerStyle.LineWidth = 0;
        }
        plt.Axes.SetLimits(lo, hi, lo, hi);
        plt.Title(FormattableString.Invariant($"{title} — MAE {mae:G4} {unit} (n = {truth.Count})"));
        plt.XLabel($"true ({unit})");
        plt.YLabel($"predicted ({unit})");
        plt.SavePng(path, width, height);
        return mae;
    }

    private static int Level(double density, double maxLog, int levels) =>
        maxLog <= 0 ? levels - 1 : Math.Min(levels - 1, (int)(Math.Log(1 + density) / maxLog * levels));

    /// <summary>Number of points in each point's cell of a bins × bins grid over [lo, hi]².</summary>
    private static double[] Density(IReadOnlyList<double> x, IReadOnlyList<double> y, double lo, double hi, int bins)
    {
        var counts = new int[bins, bins];
        int Cell(double v) => Math.Clamp((int)((v - lo) / (hi - lo) * bins), 0, bins - 1);
        for (int i = 0; i < x.Count; i++) counts[Cell(x[i]), Cell(y[i])]++;
        return Enumerable.Range(0, x.Count).Select(i => (double)counts[Cell(x[i]), Cell(y[i])]).ToArray();
    }
}
