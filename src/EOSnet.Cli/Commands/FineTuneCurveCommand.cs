using System.CommandLine;
using System.Globalization;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;

namespace EOSnet.Cli.Commands;

/// <summary>
/// <c>eosnet finetune-curve INPUT --fine-tune MODEL [--era E] --sizes 100,300,1000 --fold-list 0,1,2,3,4</c>: the
/// learning curve of fine-tuning a trained model versus training from scratch with the same epochs, folds and subsets.
/// </summary>
public static class FineTuneCurveCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="g">Global options.</param>
    /// <param name="stdout">Standard output (tests).</param>
    /// <param name="stderr">Standard error (tests).</param>
    /// <param name="recorder">Adds its options and receives the summarised rows (the repository's build records them in docs); null in the shipped tool.</param>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr, FineTuneCurveRecorder? recorder = null)
    {
        var input = new Argument<string>("input") { Description = "Matbench .json(.gz) with its .folds.json" };
        var model = new Option<string>("--fine-tune") { Description = "Model to fine-tune: an EOSnet model.zip or an authors' checkpoint (with --era)", Required = true };
        var era = new Option<string?>("--era") { Description = "Graph era of a checkpoint: current | paper (the CLI builds current-era graphs)" };
        var sizes = new Option<string>("--sizes") { Description = "Training-subset sizes per fold (nested subsets)", DefaultValueFactory = _ => "100,300,1000" };
        var foldList = new Option<string>("--fold-list") { Description = "Test folds", DefaultValueFactory = _ => "0,1,2,3,4" };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of every run (both arms; budget schedule)", DefaultValueFactory = _ => 60 };
        var batch = new Option<int>("--batch-size") { Description = "Crystals per batch", DefaultValueFactory = _ => 32 };
        var seed = new Option<int>("--seed") { Description = "Seed of subsets, validation splits and training", DefaultValueFactory = _ => 42 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda", DefaultValueFactory = _ => "auto" };
        var rates = new Option<string>("--learning-rates") { Description = "Fine-tuning learning rates tried (chosen on validation)", DefaultValueFactory = _ => "1e-3,3e-4" };
        var freeze = new Option<string>("--freeze") { Description = "Freezing tried for fine-tuning: both | yes | no (chosen on validation)", DefaultValueFactory = _ => "both" };
        var scratchRates = new Option<string>("--scratch-learning-rates") { Description = "From-scratch learning rates tried (chosen on validation)", DefaultValueFactory = _ => "1e-3,3e-3" };
        var valFraction = new Option<double>("--validation-fraction") { Description = "Part of each subset that chooses settings and the best epoch", DefaultValueFactory = _ => 0.2 };
        var output = new Option<string>("--out") { Description = "Output folder (finetune_curve.csv, .md, .png)", DefaultValueFactory = _ => "finetune-curve" };
        var cacheDir = CacheOptions.CacheDir();
        var summarize = new Option<string[]>("--summarize") { Description = "Only summarise finetune_curve.csv files of earlier runs (e.g. one per fold) into --out", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("finetune-curve", "Learning curve: fine-tuning a trained model vs training from scratch, same folds, subsets and epochs")
            { input, model, era, sizes, foldList, epochs, batch, seed, threads, device, rates, freeze, scratchRates, valFraction, output, cacheDir, summarize };
        foreach (var option in recorder?.Options ?? []) cmd.Add(option);
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            if (r.GetValue(summarize) is { Length: > 0 } csvs)
            {
                var all = csvs.SelectMany(FineTuneCurveReport.ReadCsv).ToList();
                string dataset = Path.GetFileName(r.GetValue(input)!);
                Write(r.GetValue(output)!, dataset, r.GetValue(epochs), all, o);
                recorder?.Record(r, dataset, r.GetValue(epochs), all);
                return Task.FromResult(ExitCodes.Ok);
            }
            var data = Dataset.Load(r.GetValue(input)!, null, strict: false);
            if (data.Folds is null) throw new CliUsageException("finetune-curve needs Matbench folds (a .folds.json beside the dataset)");
            var initial = new EosNetTrainerOptions();
            FineTuneSettings.Apply(initial, r.GetValue(model), TrainingArguments.ParseEra(r.GetValue(era)), freeze: false);
            if (r.GetValue(epochs) < 1) throw new CliUsageException("--epochs must be ≥ 1");
            if (r.GetValue(valFraction) is <= 0 or >= 1) throw new CliUsageException("--validation-fraction must be in (0, 1)");
            var opt = new FineTuneCurveOptions(Ints(r.GetValue(foldList)!), Ints(r.GetValue(sizes)!), r.GetValue(epochs), r.GetValue(batch), r.GetValue(seed), r.GetValue(threads), r.GetValue(device)!,
                Doubles(r.GetValue(rates)!), r.GetValue(freeze) switch { "both" => new[] { false, true }, "yes" => new[] { true }, "no" => new[] { false }, var f => throw new CliUsageException($"--freeze '{f}': use both, yes or no") },
                Doubles(r.GetValue(scratchRates)!), r.GetValue(valFraction), initial.InitialModel!);
            var features = DatasetFeatures.GetOrCreate(data, null, r.GetValue(cacheDir), o, ct);
            var outDir = r.GetValue(output)!;
            Directory.CreateDirectory(outDir);
            var done = new List<FineTuneCurveRow>();
            string name = Path.GetFileName(data.Source);
            var rows = FineTuneCurve.Run(data, features, opt, row =>
            {
                done.Add(row);
                File.WriteAllText(Path.Combine(outDir, "finetune_curve.csv"), FineTuneCurveReport.Csv(done));
                o.Line(FormattableString.Invariant($"fold {row.Fold} n={row.Size} {row.Arm,-10} lr {row.LearningRate:0.#e+0}{(row.Frozen ? " frozen" : "")}: val MAE {row.ValidationMae:F4}{(row.Selected ? $", chosen, test MAE {row.TestMae:F4}" : "")} ({row.Seconds:F0} s)"));
                o.Record(new { kind = "finetune-curve", row.Fold, row.Size, row.Arm, row.LearningRate, row.Frozen, row.ValidationMae, row.TestMae, row.Selected, row.Seconds });
            }, ct);
            Write(outDir, name, opt.Epochs, rows, o);
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }

    private static void Write(string outDir, string name, int epochs, IReadOnlyList<FineTuneCurveRow> rows, CliOutput o)
    {
        Directory.CreateDirectory(outDir);
        var md = FineTuneCurveReport.Markdown(name, rows);
        File.WriteAllText(Path.Combine(outDir, "finetune_curve.md"), md);
        FineTuneCurveReport.Plot(Path.Combine(outDir, "finetune_curve.png"), $"{name}: fine-tuned vs from scratch ({epochs} epochs)", rows);
        o.Line(md);
    }

    private static List<int> Ints(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new CliUsageException($"'{s}' is not an integer")).ToList();

    private static List<double> Doubles(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new CliUsageException($"'{s}' is not a positive number")).ToList();
}
