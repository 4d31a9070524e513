namespace EOSnet.MLNet.Evaluation.Tuning;

/// <summary>How a baseline search spends its budget.</summary>
public sealed class BaselineSearchOptions
{
    /// <summary>Wall-clock budget of one search (one trainer family on one training set). The trial running when
    /// it runs out finishes; ML.NET's defaults are always the first trial.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many trials, whatever the budget.</summary>
    public int MaxTrials { get; set; } = 500;

    /// <summary>Share of the training rows held out to score each trial (never the caller's test rows).</summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Seed of the inner split, the random search and the trainers.</summary>
    public int Seed { get; set; } = 18012019;

    /// <summary>Label column (Single: regression target, Boolean: class).</summary>
    public string LabelColumnName { get; set; } = CrystalColumns.Label;

    /// <summary>Feature vector column.</summary>
    public string FeatureColumnName { get; set; } = CrystalColumns.Features;

    /// <summary>Called with each finished search (e.g. to print or record the chosen hyper-parameters).</summary>
    public Action<BaselineSearch>? OnSearched { get; set; }

    internal BaselineSearchOptions Validate()
    {
        if (Budget < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Budget), "the budget cannot be negative");
        if (MaxTrials < 1) throw new ArgumentOutOfRangeException(nameof(MaxTrials), "at least one trial");
        if (ValidationFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), "between 0 and 1");
        return this;
    }
}
