using EOSnet.Cli.Accuracy;

namespace EOSnet.Cli.Tests;

/// <summary>accuracy.md's feature ablations: one table per recipe, with paired per-fold differences against one-hot.</summary>
public class AccuracyReportTests
{
    private static AccuracyRecord Record(string task, string model, params double[] folds) =>
        new(task, model, "MAE", folds.Average(), 0.001, folds, 60, 10, $"eosnet cv {task} --record-accuracy {model}", "2026-12-03", new[] { 0, 1, 2 });

    [Fact]
    public void Each_recipe_gets_its_own_ablation_with_paired_differences()
    {
        var records = new[]
        {
            Record("matbench_log_kvrh", "eosnet-cosavg-onehot", 0.070, 0.060, 0.065),
            Record("matbench_log_kvrh", "eosnet-cosavg", 0.068, 0.061, 0.062),
            Record("matbench_log_kvrh", "eosnet-cosavg-gom-sp", 0.071, 0.062, 0.066),
            Record("matbench_perovskites", "eosnet-onehot", 0.05, 0.05, 0.05),
            Record("matbench_perovskites", "eosnet-gom-s", 0.04, 0.06, 0.05),
            Record("matbench_perovskites", "eosnet-cosavg", 0.04, 0.04, 0.04), // no cosine-average one-hot run: no row in that ablation
        };
        string md = AccuracyReport.Render(records);

        int paper = md.IndexOf("## Ablation under the paper's recipe", StringComparison.Ordinal);
        int v2 = md.IndexOf("## Ablation under the cosine-average recipe", StringComparison.Ordinal);
        Assert.True(paper >= 0 && v2 > paper, md);
        string v2Section = md[v2..md.IndexOf("## matbench", v2, StringComparison.Ordinal)];
        Assert.Contains("| matbench_log_kvrh | 0.0650 ± 0.0010 | 0.0637 ± 0.0010 | 0.0663 ± 0.0010 | 60 |", v2Section);
        Assert.DoesNotContain("matbench_perovskites", v2Section);
        // GOM(s): differences −0.002, +0.001, −0.003 → mean −0.0013, lower on 2 of 3 folds.
        Assert.Contains("matbench_log_kvrh, eosnet-cosavg (GOM(s)) vs one-hot: -2.1 % MAE (paired difference -0.0013 ± 0.0021 over 3 folds; lower on 2 of 3 folds).", v2Section);
        Assert.Contains("eosnet-cosavg-gom-sp (GOM(sp)) vs one-hot: +2.1 % MAE (paired difference +0.0013 ± 0.0006 over 3 folds; lower on 0 of 3 folds).", v2Section);
        Assert.Contains("matbench_perovskites, eosnet-gom-s (GOM(s)) vs one-hot", md[paper..v2]);
    }

    [Fact]
    public void Ensemble_records_with_uncertainty_spearman_get_their_section_and_others_keep_their_json()
    {
        var plain = Record("matbench_log_kvrh", "eosnet-cosavg", 0.068, 0.061, 0.062);
        var ensemble = Record("matbench_perovskites", "eosnet-cosavg-x3", 0.04, 0.05, 0.06) with { UncertaintySpearman = new[] { 0.3, 0.4, 0.5 } };
        Assert.DoesNotContain("## Ensemble uncertainty", AccuracyReport.Render(new[] { plain }));
        string md = AccuracyReport.Render(new[] { plain, ensemble });
        Assert.Contains("| matbench_perovskites | eosnet-cosavg-x3 | 0.4000 | 0.3000, 0.4000, 0.5000 | 0, 1, 2 |", md[md.IndexOf("## Ensemble uncertainty", StringComparison.Ordinal)..]);

        // Stored: the field only where it exists, so re-saving leaves the other records' JSON as it was.
        string docs = Directory.CreateTempSubdirectory("eosnet-accuracy").FullName;
        var store = new AccuracyStore(docs);
        store.Save(new[] { plain, ensemble });
        string json = File.ReadAllText(Path.Combine(docs, "accuracy.json"));
        Assert.Equal(1, json.Split("uncertainty_spearman").Length - 1);
        Assert.Equal(new[] { 0.3, 0.4, 0.5 }, store.Load().Single(r => r.Model == "eosnet-cosavg-x3").UncertaintySpearman);
    }

    [Fact]
    public void Re_rendering_keeps_the_hand_written_part_after_the_marker()
    {
        var dir = Directory.CreateTempSubdirectory("eosnet-accuracy").FullName;
        var store = new AccuracyStore(dir);
        store.Save(new[] { Record("matbench_perovskites", "eosnet-gom-s", 0.04, 0.06, 0.05) });
        string md = Path.Combine(dir, "accuracy.md");
        File.AppendAllText(md, $"\n{AccuracyStore.HandWrittenMarker}\n\n## Imported checkpoints\n\nmeasured by hand\n");
        store.Save(new[] { Record("matbench_log_kvrh", "eosnet-gom-s", 0.07, 0.06, 0.065) });
        string text = File.ReadAllText(md);
        Assert.Contains("## matbench_log_kvrh", text, StringComparison.Ordinal);
        Assert.Contains("## matbench_perovskites", text, StringComparison.Ordinal);
        Assert.EndsWith("## Imported checkpoints\n\nmeasured by hand\n", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split(AccuracyStore.HandWrittenMarker).Length - 1);
    }
}
