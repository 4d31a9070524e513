using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace EOSnet.MLNet.Evaluation.Tuning;

/// <summary>The searches of a tuned comparison, one per model and fold: what was tried and chosen.</summary>
public sealed class BaselineSearchReport
{
    private readonly List<(string Model, int Fold, BaselineSearch Search)> _entries = new();

    /// <summary>Every recorded search, in order.</summary>
    public IReadOnlyList<(string Model, int Fold, BaselineSearch Search)> Entries => _entries;

    /// <summary>Records a search.</summary>
    public void Add(string model, int fold, BaselineSearch search) => _entries.Add((model, fold, search ?? throw new ArgumentNullException(nameof(search))));

    /// <summary>Markdown: model, fold, trials, search seconds, validation metric of the defaults and of the best, the chosen hyper-parameters.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| model | fold | trials | search s | validation, ML.NET defaults | validation, chosen | chosen hyper-parameters |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (model, fold, s) in _entries)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {model} | {fold} | {s.Trials.Count} | {s.Seconds:0} | {s.DefaultsMetric:0.0000} | {s.Best.ValidationMetric:0.0000} | {s.Best.Describe()} |"));
        return sb.ToString();
    }

    /// <summary>The same as a DataFrame (Model, Fold, Trials, SearchSeconds, DefaultsMetric, ChosenMetric, Chosen).</summary>
    public DataFrame ToDataFrame() => new(
        new StringDataFrameColumn("Model", _entries.Select(e => e.Model)),
        new Int32DataFrameColumn("Fold", _entries.Select(e => e.Fold)),
        new Int32DataFrameColumn("Trials", _entries.Select(e => e.Search.Trials.Count)),
        new DoubleDataFrameColumn("SearchSeconds", _entries.Select(e => e.Search.Seconds)),
        new DoubleDataFrameColumn("DefaultsMetric", _entries.Select(e => e.Search.DefaultsMetric)),
        new DoubleDataFrameColumn("ChosenMetric", _entries.Select(e => e.Search.Best.ValidationMetric)),
        new StringDataFrameColumn("Chosen", _entries.Select(e => e.Search.Best.Describe())));
}
