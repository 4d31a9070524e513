using EOSnet.Model;
namespace EOSnet.MLNet.Evaluation.Tuning;

/// <summary>One scored candidate of a search.</summary>
/// <param name="Parameters">Option name → value; empty means ML.NET's defaults.</param>
/// <param name="ValidationMetric">MAE (regression, lower is better) or ROC-AUC (classification, higher is better) on the inner validation rows.</param>
/// <param name="Seconds">Fit + scoring time.</param>
public sealed record BaselineTrial(IReadOnlyDictionary<string, double> Parameters, double ValidationMetric, double Seconds)
{
    /// <summary>"NumberOfLeaves=31, LearningRate=0.05" or "ML.NET defaults".</summary>
    public string Describe() => Parameters.Count == 0 ? "ML.NET defaults" : string.Join(", ", Parameters.Select(p => $"{p.Key}={HyperParameter.Format(p.Value)}"));
}

/// <summary>What a search tried and chose.</summary>
/// <param name="Family">The trainer tuned.</param>
/// <param name="Task">Regression (MAE) or classification (AUC).</param>
/// <param name="Trials">Every trial, in order (the first is ML.NET's defaults).</param>
/// <param name="Seconds">Wall time of the search (without the final refit).</param>
public sealed record BaselineSearch(BaselineFamily Family, ModelTask Task, IReadOnlyList<BaselineTrial> Trials, double Seconds)
{
    /// <summary>The trial with the best validation metric (the earliest among equals).</summary>
    public BaselineTrial Best => Task == ModelTask.Regression
        ? Trials.MinBy(t => t.ValidationMetric)!
        : Trials.MaxBy(t => t.ValidationMetric)!;

    /// <summary>The defaults' validation metric, for comparison with <see cref="Best"/>.</summary>
    public double DefaultsMetric => Trials[0].ValidationMetric;
}
