using System.CommandLine;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet.Evaluation;

namespace EOSnet.Cli;

/// <summary>
/// What a build of the command line adds to the shipped verbs. The shipped tool has none; the repository's build
/// (tools/EOSnet.Cli.Dev) adds <c>bench</c>, <c>accuracy</c> and the recording of results into docs/accuracy.*.
/// </summary>
public sealed class CliExtensions
{
    /// <summary>Verbs added to the shipped ones.</summary>
    public IReadOnlyList<Func<GlobalOptions, TextWriter?, TextWriter?, Command>> Commands { get; init; } = [];

    /// <summary>Makes, for each of <c>cv</c> and <c>compare</c>, a recorder of the finished comparison.</summary>
    public Func<ComparisonRecorder>? Comparisons { get; init; }

    /// <summary>Makes, for <c>finetune-curve</c>, a recorder of the summarised learning curve.</summary>
    public Func<FineTuneCurveRecorder>? FineTuneCurves { get; init; }
}

/// <summary>Adds options to <c>cv</c>/<c>compare</c> and receives the comparison they finished.</summary>
public abstract class ComparisonRecorder
{
    /// <summary>The options the recorder adds to the command.</summary>
    public abstract IEnumerable<Option> Options { get; }

    /// <summary>Called once the comparison is written to the output folder.</summary>
    /// <param name="result">The parsed command line (the recorder's own options included).</param>
    /// <param name="outcome">What the command measured.</param>
    /// <param name="output">The command's output.</param>
    public abstract void Record(ParseResult result, ComparisonOutcome outcome, CliOutput output);
}

/// <summary>What a <c>cv</c> or <c>compare</c> run measured.</summary>
/// <param name="Table">Test metrics per model and fold.</param>
/// <param name="DatasetPath">The dataset file.</param>
/// <param name="Epochs">EOSnet's epochs.</param>
/// <param name="ValidationMean">EOSnet's mean validation metric over the folds, when measured.</param>
/// <param name="UncertaintySpearman">Per fold, Spearman's ρ between an ensemble's uncertainty and its absolute error.</param>
public sealed record ComparisonOutcome(ComparisonTable Table, string DatasetPath, int Epochs, double? ValidationMean, IReadOnlyList<double> UncertaintySpearman);

/// <summary>Adds options to <c>finetune-curve</c> and receives its summarised rows.</summary>
public abstract class FineTuneCurveRecorder
{
    /// <summary>The options the recorder adds to the command.</summary>
    public abstract IEnumerable<Option> Options { get; }

    /// <summary>Called with the rows of a <c>--summarize</c> run after its own files are written.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="dataset">The dataset's file name.</param>
    /// <param name="epochs">Epochs of every run.</param>
    /// <param name="rows">The learning-curve rows.</param>
    public abstract void Record(ParseResult result, string dataset, int epochs, IReadOnlyList<FineTuneCurveRow> rows);
}
