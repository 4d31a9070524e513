using EOSnet.Model;
using Microsoft.ML;
using SkiaSharp;

namespace EOSnet.MLNet.Plots.Tests;

public sealed class PlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("eosnet-plots").FullName;
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    private static (double[] Truth, double[] Predicted) Regression(int n)
    {
        var rnd = new Random(1);
        var truth = Enumerable.Range(0, n).Select(_ => rnd.NextDouble() * 4 - 2).ToArray();
        return (truth, truth.Select(t => t + 0.1 * (rnd.NextDouble() - 0.5)).ToArray());
    }

    [Fact]
    public void Parity_plot_from_arrays_is_a_png_of_the_requested_size_and_returns_the_mae()
    {
        var (truth, pred) = Regression(500);
        double mae = ParityPlot.Save(File("parity.png"), truth, pred, "test", "eV", 640, 480);
        PlotImage.AssertPlot(File("parity.png"), 640, 480);
        Assert.Equal(truth.Zip(pred, (t, p) => Math.Abs(t - p)).Average(), mae, 12);
    }

    [Fact]
    public void Parity_plot_from_a_scored_data_view_reads_the_named_columns()
    {
        var (truth, pred) = Regression(300);
        var rows = truth.Select((t, i) => new RegressionRow { Target = (float)t, Predicted = (float)pred[i] });
        var view = _ml.Data.LoadFromEnumerable(rows);
        double mae = ParityPlot.Save(File("parity_view.png"), view, "view", "eV/cell", labelColumnName: "Target", scoreColumnName: "Predicted", width: 500, height: 500);
        PlotImage.AssertPlot(File("parity_view.png"), 500, 500);
        Assert.Equal(truth.Zip(pred, (t, p) => Math.Abs((float)t - (double)(float)p)).Average(), mae, 6);
        var missing = Assert.Throws<ArgumentException>(() => ParityPlot.Save(File("x.png"), view, "view", "eV"));
        Assert.Contains("no column 'Label'", missing.Message);
        Assert.Contains("Target", missing.Message);
    }

    [Fact]
    public void Roc_plot_from_a_scored_data_view_draws_the_curve_and_returns_the_auc()
    {
        var (truth, pred) = Regression(400);
        var rows = truth.Select((t, i) => new BinaryRow { Label = t > 0, Probability = (float)(1 / (1 + Math.Exp(-pred[i]))) });
        var view = _ml.Data.LoadFromEnumerable(rows);
        double auc = RocPlot.Save(File("roc.png"), view, "view", width: 500, height: 400);
        PlotImage.AssertPlot(File("roc.png"), 500, 400);
        Assert.InRange(auc, 0.95, 1.0);
        Assert.Equal(RocPlot.Curve(truth.Select(t => t > 0).ToArray(), rows.Select(r => (double)r.Probability).ToArray()).Auc, auc, 12);
        var wrongType = Assert.Throws<ArgumentException>(() => RocPlot.Save(File("x.png"), view, "view", labelColumnName: "Probability"));
        Assert.Contains("expected a Boolean label", wrongType.Message);
    }

    [Fact]
    public void Roc_auc_matches_a_hand_computed_value()
    {
        // Scores 0.9(+) 0.8(-) 0.7(+) 0.1(-): pairs (+,-) ranked correctly = 3 of 4 → AUC 0.75.
        var (fpr, tpr, auc) = RocPlot.Curve(new[] { true, false, true, false }, new[] { 0.9, 0.8, 0.7, 0.1 });
        Assert.Equal(0.75, auc, 12);
        Assert.Equal(new[] { 0, 0, 0.5, 0.5, 1 }, fpr);
        Assert.Equal(new[] { 0, 0.5, 0.5, 1, 1 }, tpr);
        Assert.Throws<ArgumentException>(() => RocPlot.Curve(new[] { true, true }, new[] { 0.1, 0.2 }));
    }

    [Fact]
    public void Learning_curve_from_arrays_is_a_png_of_the_requested_size()
    {
        LearningCurvePlot.Save(File("curve.png"), new[] { 1.0, 0.5, 0.3 }, new[] { 0.9, 0.6, 0.5 }, "MAE", "test", 700, 400);
        PlotImage.AssertPlot(File("curve.png"), 700, 400);
        Assert.Throws<ArgumentException>(() => LearningCurvePlot.Save(File("none.png"), Array.Empty<double>(), Array.Empty<double>(), "MAE", "empty"));
    }

    [Fact]
    public void Learning_curve_from_a_training_history_draws_the_validation_metric_it_has()
    {
        var regression = Enumerable.Range(0, 6).Select(e => new EpochReport(e, 1.0 / (e + 1), 0.5 / (e + 1), null, null, 1e-3, 1, e == 5)).ToList();
        var classification = regression.Select(r => r with { ValidationMae = null, ValidationAuc = 0.5 + 0.08 * r.Epoch }).ToList();
        var lossOnly = regression.Select(r => r with { ValidationMae = null }).ToList();
        LearningCurvePlot.Save(File("history_mae.png"), regression, "regression", 600, 400);
        LearningCurvePlot.Save(File("history_auc.png"), classification, "classification", 600, 400);
        LearningCurvePlot.Save(File("history_loss.png"), lossOnly, "loss only", 600, 400);
        foreach (var name in new[] { "history_mae.png", "history_auc.png", "history_loss.png" }) PlotImage.AssertPlot(File(name), 600, 400);
        // ScottPlot's second series colour (orange, #ff7f0e) is the validation curve: drawn when the history has a metric.
        var orange = new SKColor(0xff, 0x7f, 0x0e);
        Assert.True(PlotImage.CountNear(File("history_mae.png"), orange) > 100);
        Assert.True(PlotImage.CountNear(File("history_auc.png"), orange) > 100);
        Assert.Equal(0, PlotImage.CountNear(File("history_loss.png"), orange));
    }

    private sealed class RegressionRow
    {
        public float Target { get; set; }
        public float Predicted { get; set; }
    }

    private sealed class BinaryRow
    {
        public bool Label { get; set; }
        public float Probability { get; set; }
    }
}
