using EOSnet.Cli.Plots;

namespace EOSnet.Cli.Tests;

public class PlotTests
{
    internal static (int Width, int Height) PngSize(string path)
    {
        var b = File.ReadAllBytes(path);
        Assert.True(b.Length > 1000, "PNG too small to hold a plot");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, b[..8]);
        int w = (b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19];
        int h = (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23];
        return (w, h);
    }

    [Fact]
    public void Parity_roc_and_learning_curve_plots_are_valid_pngs_of_the_requested_size()
    {
        var dir = Directory.CreateTempSubdirectory("eosnet-plots").FullName;
        var rnd = new Random(1);
        var truth = Enumerable.Range(0, 500).Select(_ => rnd.NextDouble() * 4 - 2).ToArray();
        var pred = truth.Select(t => t + 0.1 * (rnd.NextDouble() - 0.5)).ToArray();
        ParityPlot.Save(Path.Combine(dir, "parity.png"), truth, pred, "test", "eV", 640, 480);
        Assert.Equal((640, 480), PngSize(Path.Combine(dir, "parity.png")));

        var labels = truth.Select(t => t > 0).ToArray();
        double auc = RocPlot.Save(Path.Combine(dir, "roc.png"), labels, pred, "test", 500, 500);
        Assert.Equal((500, 500), PngSize(Path.Combine(dir, "roc.png")));
        Assert.InRange(auc, 0.95, 1.0);

        LearningCurvePlot.Save(Path.Combine(dir, "curve.png"), new[] { 1.0, 0.5, 0.3 }, new[] { 0.9, 0.6, 0.5 }, "MAE", "test", 700, 400);
        Assert.Equal((700, 400), PngSize(Path.Combine(dir, "curve.png")));
    }

    [Fact]
    public void Roc_auc_matches_a_hand_computed_value()
    {
        // Scores 0.9(+) 0.8(-) 0.7(+) 0.1(-): pairs (+,-) ranked correctly = 3 of 4 → AUC 0.75.
        var (_, _, auc) = RocPlot.Curve(new[] { true, false, true, false }, new[] { 0.9, 0.8, 0.7, 0.1 });
        Assert.Equal(0.75, auc, 12);
        Assert.Throws<ArgumentException>(() => RocPlot.Curve(new[] { true, true }, new[] { 0.1, 0.2 }));
    }
}
