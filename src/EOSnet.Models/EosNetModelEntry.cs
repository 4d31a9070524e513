using EOSnet.MLNet;

namespace EOSnet.Models;

/// <summary>One published model of the zoo: its name and what it predicts (target, units, data set, task, era, metric).</summary>
/// <param name="Name">The zoo name, e.g. <c>mp2024-eform</c> (the authors' folder name, lower case, '_' → '-').</param>
/// <param name="Info">Target, units, task, graph era, data set, source, licence and the authors' reported metric.</param>
/// <param name="IsShipped">True when this build of the package carries the checkpoint.</param>
public sealed record EosNetModelEntry(string Name, EosNetModelInfo Info, bool IsShipped)
{
    /// <summary>The predicted property.</summary>
    public string Target => Info.Target;
    /// <summary>Units of the prediction.</summary>
    public string Units => Info.Units;
    /// <summary>The data set the authors trained on.</summary>
    public string DataSet => Info.DataSet;
    /// <summary>Regression or binary classification.</summary>
    public EOSnet.Model.ModelTask Task => Info.Task;
    /// <summary>The crystal graph the network expects.</summary>
    public EosNetGraphEra Era => Info.Era;
    /// <summary>The metric the authors reported on their own test split, e.g. "MAE 0.04".</summary>
    public string ReportedMetric => Info.ReportedMetricText;
}
