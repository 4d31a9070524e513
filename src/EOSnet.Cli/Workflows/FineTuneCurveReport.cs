using System.Globalization;
using System.Text;
using EOSnet.MLNet.Plots;

namespace EOSnet.Cli.Workflows;

/// <summary>The table, CSV and plot of a fine-tuning learning curve (test MAE of the validation-chosen model of each arm).</summary>
public static class FineTuneCurveReport
{
    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>Every candidate as CSV (chosen ones with their test MAE).</summary>
    /// <param name="rows">The candidates.</param>
    public static string Csv(IEnumerable<FineTuneCurveRow> rows)
    {
        var sb = new StringBuilder("fold,size,arm,learning_rate,frozen,validation_mae,test_mae,selected,seconds\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Fold},{r.Size},{r.Arm},{r.LearningRate:R},{r.Frozen},{r.ValidationMae:R},{(double.IsNaN(r.TestMae) ? "" : r.TestMae.ToString("R", CultureInfo.InvariantCulture))},{r.Selected},{r.Seconds:F1}\n");
        return sb.ToString();
    }

    /// <summary>Reads candidates written by <see cref="Csv"/> (e.g. one file per fold, run separately).</summary>
    /// <param name="path">A finetune_curve.csv.</param>
    public static List<FineTuneCurveRow> ReadCsv(string path) => File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
    {
        var f = line.Split(',');
        if (f.Length != 9) throw new InvalidDataException($"{path}: expected 9 fields in '{line}'");
        double D(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);
        return new FineTuneCurveRow(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), f[2], D(f[3]), bool.Parse(f[4]), D(f[5]), D(f[6]), bool.Parse(f[7]), D(f[8]));
    }).ToList();

    /// <summary>Mean ± std of the test MAE per size and arm, the paired difference (fine-tuned − scratch, per fold) and the chosen settings.</summary>
    /// <param name="title">Table heading (dataset).</param>
    /// <param name="rows">The candidates.</param>
    public static string Markdown(string title, IReadOnlyList<FineTuneCurveRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"**{title}** — test MAE of the model each arm chose on validation (mean ± std over folds)\n");
        sb.AppendLine("| training structures | folds | from scratch | fine-tuned | paired Δ (fine-tuned − scratch) | fine-tuned better | fine-tuning settings chosen (lr, frozen) | scratch lr chosen |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (size, s, t, d) in Summaries(rows))
        {
            IEnumerable<string> Chosen(string arm) => rows.Where(r => r.Size == size && r.Selected && r.Arm == arm)
                .GroupBy(r => (r.LearningRate, r.Frozen)).OrderByDescending(g => g.Count())
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key.LearningRate:0.#e+0}{(g.Key.Frozen ? " frozen" : "")} ×{g.Count()}"));
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {size} | {d.Count} | {F(Mean(s))} ± {F(Std(s))} | {F(Mean(t))} ± {F(Std(t))} | {F(Mean(d))} ± {F(Std(d))} | {d.Count(x => x < 0)}/{d.Count} | {string.Join(", ", Chosen("fine-tuned"))} | {string.Join(", ", Chosen("scratch"))} |");
        }
        return sb.ToString();
    }

    /// <summary>Writes the learning curve of both arms as a PNG.</summary>
    /// <param name="path">PNG file.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="rows">The candidates.</param>
    public static void Plot(string path, string title, IReadOnlyList<FineTuneCurveRow> rows)
    {
        var sums = Summaries(rows);
        var sizes = sums.Select(x => x.Size).ToList();
        SizeCurvePlot.Save(path, new[]
        {
            new SizeCurveSeries("from scratch", sizes, sums.Select(x => Mean(x.Scratch)).ToList(), sums.Select(x => Std(x.Scratch)).ToList()),
            new SizeCurveSeries("fine-tuned", sizes, sums.Select(x => Mean(x.Tuned)).ToList(), sums.Select(x => Std(x.Tuned)).ToList()),
        }, title, "test MAE");
    }

    private static List<(int Size, List<double> Scratch, List<double> Tuned, List<double> Diff)> Summaries(IReadOnlyList<FineTuneCurveRow> rows)
    {
        var result = new List<(int, List<double>, List<double>, List<double>)>();
        foreach (var size in rows.Select(r => r.Size).Distinct().Order())
        {
            var chosen = rows.Where(r => r.Size == size && r.Selected).ToList();
            var folds = chosen.Where(r => r.Arm == "scratch").Select(r => r.Fold).Intersect(chosen.Where(r => r.Arm == "fine-tuned").Select(r => r.Fold)).Order().ToList();
            if (folds.Count == 0) continue;
            var s = folds.Select(f => chosen.First(r => r.Fold == f && r.Arm == "scratch").TestMae).ToList();
            var t = folds.Select(f => chosen.First(r => r.Fold == f && r.Arm == "fine-tuned").TestMae).ToList();
            result.Add((size, s, t, t.Zip(s, (a, b) => a - b).ToList()));
        }
        return result;
    }

    private static double Mean(List<double> v) => v.Average();

    private static double Std(List<double> v)
    {
        if (v.Count < 2) return 0;
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }
}
