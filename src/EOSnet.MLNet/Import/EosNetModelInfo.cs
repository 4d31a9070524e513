using EOSnet.Model;

namespace EOSnet.MLNet;

/// <summary>
/// What an imported model is: target, units, task, graph era, data set, where it came from, its licence and the
/// metric its authors reported. Saved inside the ML.NET model zip and readable after loading
/// (<see cref="EosNetModelParameters.Info"/>).
/// </summary>
public sealed record EosNetModelInfo
{
    /// <summary>The authors' name for the model (their <c>results/&lt;name&gt;</c> folder), or the file name.</summary>
    public required string Name { get; init; }
    /// <summary>The predicted property.</summary>
    public required string Target { get; init; }
    /// <summary>Units of the prediction ("–" for classifiers).</summary>
    public required string Units { get; init; }
    /// <summary>Regression or binary classification.</summary>
    public required ModelTask Task { get; init; }
    /// <summary>The crystal graph the network expects.</summary>
    public required EosNetGraphEra Era { get; init; }
    /// <summary>The data set it was trained on ("unknown" where not known).</summary>
    public string DataSet { get; init; } = "unknown";
    /// <summary>Structures in the authors' data set (train + validation + test), where known.</summary>
    public int? Structures { get; init; }
    /// <summary>Name of the metric the authors reported (MAE, AUC), where known.</summary>
    public string? ReportedMetric { get; init; }
    /// <summary>Its value on the authors' own test split, in <see cref="Units"/> for MAE.</summary>
    public double? ReportedMetricValue { get; init; }
    /// <summary>Where the checkpoint came from.</summary>
    public string Source { get; init; } = "unknown";
    /// <summary>The checkpoint's licence.</summary>
    public string Licence { get; init; } = "unknown";
    /// <summary>SHA-256 (lower-case hex) of the imported checkpoint file.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The reported metric as text, e.g. "MAE 0.0335", or "not reported".</summary>
    public string ReportedMetricText => ReportedMetric is null || ReportedMetricValue is null
        ? "not reported"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ReportedMetric} {ReportedMetricValue}");
}
