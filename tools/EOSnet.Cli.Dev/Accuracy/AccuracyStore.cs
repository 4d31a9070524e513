using EOSnet.Model;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using EOSnet.MLNet.Evaluation;

namespace EOSnet.Cli.Accuracy;

/// <summary>
/// One row of <c>docs/accuracy.json</c> (the results contract): a model's cross-validated test metric on a task.
/// <c>folds</c> holds the per-fold values in fold order; <c>validation_mean</c> (extra) is the mean over folds of the
/// best validation MAE/AUC the trainer saw on its held-out part of the training folds (what settings are chosen on);
/// <c>uncertainty_spearman</c> (ensembles only) holds, per fold, Spearman's ρ between the ensemble's Uncertainty and
/// its absolute test error.
/// </summary>
public sealed record AccuracyRecord(
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("std")] double Std,
    [property: JsonPropertyName("folds")] double[] Folds,
    [property: JsonPropertyName("epochs")] int? Epochs,
    [property: JsonPropertyName("wall_s")] double WallSeconds,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("fold_ids")] int[]? FoldIds = null,
    [property: JsonPropertyName("validation_mean")] double? ValidationMean = null,
    [property: JsonPropertyName("note")] string? Note = null,
    [property: JsonPropertyName("uncertainty_spearman"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? UncertaintySpearman = null);

/// <summary>
/// Reads and rewrites <c>docs/accuracy.json</c> and renders <c>docs/accuracy.md</c> from it. A new record replaces the
/// one with the same (task, model); the page is regenerated from all records, so every number on it has a record and
/// a command.
/// </summary>
public sealed class AccuracyStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly string _json, _markdown;

    /// <summary>A store in the given docs folder.</summary>
    public AccuracyStore(string docsDirectory)
    {
        Directory.CreateDirectory(docsDirectory);
        _json = Path.Combine(docsDirectory, "accuracy.json");
        _markdown = Path.Combine(docsDirectory, "accuracy.md");
    }

    /// <summary>The records on disk.</summary>
    public List<AccuracyRecord> Load() => File.Exists(_json) ? JsonSerializer.Deserialize<List<AccuracyRecord>>(File.ReadAllText(_json)) ?? new() : new();

    /// <summary>Adds (or replaces) records and rewrites both files.</summary>
    public void Save(IEnumerable<AccuracyRecord> added)
    {
        var all = Load();
        foreach (var r in added)
        {
            all.RemoveAll(x => x.Task == r.Task && x.Model == r.Model);
            all.Add(r);
        }
        all = all.OrderBy(r => r.Task, StringComparer.Ordinal).ThenBy(r => r.Model, StringComparer.Ordinal).ToList();
        File.WriteAllText(_json, JsonSerializer.Serialize(all, Json) + "\n");
        // Kept on re-rendering: named sections (e.g. 'eosnet finetune-curve --docs') and everything after the hand-written marker.
        string old = File.Exists(_markdown) ? File.ReadAllText(_markdown) : "";
        int at = old.IndexOf(HandWrittenMarker, StringComparison.Ordinal);
        string sections = AccuracySections.KeptIn(at >= 0 ? old[..at] : old);
        string tail = at >= 0 ? old[at..] : "";
        File.WriteAllText(_markdown, AccuracyReport.Render(all) + (sections.Length > 0 ? "\n" + sections : "") + (tail.Length > 0 ? "\n" + tail : ""));
    }

    /// <summary>docs/accuracy.md is hand-written from this line on (measurements not from records); re-rendering keeps it.</summary>
    public const string HandWrittenMarker = "<!-- hand-written from here on: kept when the page is re-rendered -->";

    /// <summary>The records of a comparison table: EOSnet under <paramref name="eosnetName"/>, baselines under their lower-case names.</summary>
    public static IEnumerable<AccuracyRecord> FromTable(ComparisonTable table, string task, string eosnetName, int epochs, string command,
        IReadOnlyDictionary<string, double> wallSeconds, double? eosnetValidation, string? note, IReadOnlyList<double>? eosnetUncertaintySpearman = null)
    {
        string metric = table.Task == ModelTask.Regression ? "MAE" : "AUC";
        foreach (var m in table.Results)
        {
            bool eos = m.Model == "EOSnet";
            yield return new AccuracyRecord(task, eos ? eosnetName : m.Model.ToLowerInvariant(), metric,
                Math.Round(m.Mean(metric), 5), Math.Round(m.Std(metric), 5), m.Folds.Select(f => Math.Round(f.Metrics[metric], 5)).ToArray(),
                eos ? epochs : null, Math.Round(wallSeconds.GetValueOrDefault(m.Model, m.Folds.Sum(f => f.Seconds)), 1), command,
                DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.Folds.Select(f => f.Fold).ToArray(),
                eos && eosnetValidation is double v ? Math.Round(v, 5) : null, note,
                eos && eosnetUncertaintySpearman is { Count: > 0 } rho ? rho.Select(x => Math.Round(x, 4)).ToArray() : null);
        }
    }
}
