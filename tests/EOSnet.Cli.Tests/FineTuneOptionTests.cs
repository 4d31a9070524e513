using System.CommandLine;
using EOSnet.Cli.Accuracy;
using EOSnet.Cli.Commands;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.TestSupport;

namespace EOSnet.Cli.Tests;

/// <summary>--fine-tune, --era, --freeze-convolutions and --learning-rate; the finetune-curve summary.</summary>
public class FineTuneOptionTests
{
    private static TrainingRun Parse(string line)
    {
        var arguments = new TrainingArguments();
        var command = new Command("train");
        arguments.AddTo(command);
        return arguments.Run(command.Parse(line));
    }

    [Fact]
    public void Fine_tuning_options_are_checked_before_any_training()
    {
        Assert.Contains("--fine-tune", Assert.Throws<CliUsageException>(() => Parse("--freeze-convolutions")).Message);
        Assert.Contains("--fine-tune", Assert.Throws<CliUsageException>(() => Parse("--era current")).Message);
        Assert.Throws<FileNotFoundException>(() => Parse("--fine-tune /nonexistent/model.zip"));
        string ckpt = Path.Combine(Directory.CreateTempSubdirectory("ft").FullName, "model_best.pth.tar");
        File.WriteAllBytes(ckpt, new byte[] { 1 });
        Assert.Contains("--era", Assert.Throws<CliUsageException>(() => Parse($"--fine-tune {ckpt}")).Message);
        Assert.Contains("paper-era", Assert.Throws<CliUsageException>(() => Parse($"--fine-tune {ckpt} --era paper")).Message);
        Assert.Throws<CliUsageException>(() => Parse($"--fine-tune {ckpt} --era 2019"));
        var s = Parse($"--fine-tune {ckpt} --era current --freeze-convolutions --learning-rate 3e-4");
        Assert.Equal((ckpt, GraphEra.Current, true, 3e-4), (s.FineTune, s.Era, s.Trainer.FreezeConvolutions, s.Trainer.LearningRate));
        Assert.Contains(ckpt, s.Trainer.InitialModel!.Description);
        Assert.Equal(1e-3, Parse("--epochs 5").Trainer.LearningRate);
        Assert.Null(Parse("--epochs 5").Trainer.InitialModel);
        Assert.Throws<CliUsageException>(() => Parse("--learning-rate 0"));
    }

    [Fact]
    public void The_curve_summary_pairs_the_chosen_models_per_fold()
    {
        var rows = new List<FineTuneCurveRow>
        {
            new(0, 100, "scratch", 1e-3, false, 0.30, 0.40, true, 1),
            new(0, 100, "fine-tuned", 1e-3, false, 0.20, 0.25, true, 1),
            new(0, 100, "fine-tuned", 3e-4, true, 0.35, double.NaN, false, 1),
            new(1, 100, "scratch", 1e-3, false, 0.30, 0.30, true, 1),
            new(1, 100, "fine-tuned", 3e-4, true, 0.20, 0.35, true, 1),
        };
        string path = Path.Combine(Directory.CreateTempSubdirectory("curve").FullName, "finetune_curve.csv");
        File.WriteAllText(path, FineTuneCurveReport.Csv(rows));
        var back = FineTuneCurveReport.ReadCsv(path);
        Assert.Equal(rows.Count, back.Count);
        Assert.True(double.IsNaN(back[2].TestMae));
        var md = FineTuneCurveReport.Markdown("t", back);
        // scratch 0.35 ± 0.0707, fine-tuned 0.30 ± 0.0707, paired Δ (−0.15, +0.05): −0.05 ± 0.1414, better on 1 of 2.
        Assert.Contains("| 100 | 2 | 0.3500 ± 0.0707 | 0.3000 ± 0.0707 | -0.0500 ± 0.1414 | 1/2 |", md);
        string png = Path.ChangeExtension(path, ".png");
        FineTuneCurveReport.Plot(png, "t", back);
        Assert.True(PngFile.Size(png).Width > 100);
    }

    [Fact]
    public void Accuracy_page_sections_survive_regeneration()
    {
        string dir = Directory.CreateTempSubdirectory("acc").FullName;
        string page = Path.Combine(dir, "accuracy.md");
        AccuracySections.Replace(page, "finetune-x", "## X\nfirst");
        AccuracySections.Replace(page, "finetune-x", "## X\nsecond");
        new AccuracyStore(dir).Save(Array.Empty<AccuracyRecord>());
        string text = File.ReadAllText(page);
        Assert.Contains("second", text);
        Assert.DoesNotContain("first", text);
        Assert.StartsWith("# Accuracy", text);
    }
}
