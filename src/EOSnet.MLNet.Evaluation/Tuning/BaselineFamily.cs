namespace EOSnet.MLNet.Evaluation.Tuning;

/// <summary>The ML.NET trainers a baseline search tunes.</summary>
public enum BaselineFamily
{
    /// <summary>Gradient-boosted trees (ML.NET's FastTree).</summary>
    FastTree,
    /// <summary>Gradient-boosted trees (LightGBM).</summary>
    LightGbm,
    /// <summary>Linear model by stochastic dual coordinate ascent, on min-max normalised features.</summary>
    Sdca,
    /// <summary>Random forest (ML.NET's FastForest).</summary>
    FastForest,
}
