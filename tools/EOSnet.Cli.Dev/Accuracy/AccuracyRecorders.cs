using System.CommandLine;
using EOSnet.Cli.Workflows;

namespace EOSnet.Cli.Accuracy;

/// <summary>
/// <c>cv</c>/<c>compare</c> <c>--record-accuracy NAME [--docs DIR] [--note TEXT]</c> in the repository's build: the
/// comparison's folds become records of DIR/accuracy.json, and accuracy.md is re-rendered.
/// </summary>
public sealed class AccuracyComparisonRecorder : ComparisonRecorder
{
    private readonly Option<string?> _record = new("--record-accuracy") { Description = "Record the results in DOCS/accuracy.json and .md, EOSnet under this name (eosnet-onehot, eosnet-gom-s, eosnet-gom-sp, eosnet-best)" };
    private readonly Option<string> _docs = new("--docs") { Description = "Folder of accuracy.json/md", DefaultValueFactory = _ => "docs" };
    private readonly Option<string?> _note = new("--note") { Description = "A remark stored with the accuracy records" };

    /// <inheritdoc />
    public override IEnumerable<Option> Options => [_record, _docs, _note];

    /// <inheritdoc />
    public override void Record(ParseResult result, ComparisonOutcome outcome, CliOutput output)
    {
        if (result.GetValue(_record) is not { } name) return;
        string taskName = Path.GetFileName(outcome.DatasetPath).Replace(".json.gz", "").Replace(".extxyz.gz", "").Replace(".extxyz", "");
        string command = "eosnet " + string.Join(" ", Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
        string docs = result.GetValue(_docs)!;
        new AccuracyStore(docs).Save(AccuracyStore.FromTable(outcome.Table, taskName, name, outcome.Epochs, command, new Dictionary<string, double>(),
            outcome.ValidationMean, result.GetValue(_note), outcome.UncertaintySpearman));
        output.Line($"recorded in {Path.Combine(docs, "accuracy.json")} as {name}");
    }
}

/// <summary>
/// <c>finetune-curve --summarize … --docs DIR [--note TEXT]</c> in the repository's build: the table and plot go into
/// DIR/accuracy.md (section <c>finetune-&lt;dataset&gt;</c>) and DIR/img.
/// </summary>
public sealed class AccuracyFineTuneCurveRecorder : FineTuneCurveRecorder
{
    private readonly Option<string?> _docs = new("--docs") { Description = "Also write the table and plot into DIR/accuracy.md (section finetune-<dataset>) and DIR/img" };
    private readonly Option<string?> _note = new("--note") { Description = "Text for the docs section (e.g. the commands that produced the CSVs)" };

    /// <inheritdoc />
    public override IEnumerable<Option> Options => [_docs, _note];

    /// <inheritdoc />
    public override void Record(ParseResult result, string dataset, int epochs, IReadOnlyList<FineTuneCurveRow> rows)
    {
        if (result.GetValue(_docs) is not { } docsDir) return;
        string stem = dataset.Replace(".json.gz", "", StringComparison.Ordinal).Replace(".json", "", StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(docsDir, "img"));
        string png = $"img/finetune_{stem}.png";
        FineTuneCurveReport.Plot(Path.Combine(docsDir, png), $"{stem}: fine-tuned vs from scratch ({epochs} epochs)", rows);
        var folds = rows.Select(x => x.Fold).Distinct().Order().ToList();
        string text = $"## Fine-tuning versus training from scratch: {stem}\n\n"
            + FineTuneCurveReport.Markdown(stem, rows)
            + FormattableString.Invariant($"\nFolds {string.Join(", ", folds)}; {epochs} epochs for every run of both arms. Negative Δ: fine-tuning is better on that fold. ")
            + $"Written by `eosnet finetune-curve --summarize … --docs` from the runs' CSVs.\n\n![learning curve]({png})\n\n{result.GetValue(_note)}\n";
        AccuracySections.Replace(Path.Combine(docsDir, "accuracy.md"), $"finetune-{stem}", text);
    }
}
