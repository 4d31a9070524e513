using EOSnet.Model;

namespace EOSnet.MLNet;

/// <summary>The trained model inside an <see cref="EosNetPredictionTransformer"/>: network, architecture, normaliser, history.</summary>
public sealed class EosNetModelParameters
{
    /// <summary>Wraps a trained model (e.g. one trained with EosNetTraining directly or imported from a checkpoint).</summary>
    public EosNetModelParameters(EosNetModel model) : this(model, null) { }

    /// <summary>Wraps a model with its description (imported checkpoints carry one).</summary>
    public EosNetModelParameters(EosNetModel model, EosNetModelInfo? info)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Info = info;
    }

    /// <summary>The trained network with its normaliser (usable without ML.NET).</summary>
    public EosNetModel Model { get; }
    /// <summary>The architecture.</summary>
    public EosNetArchitecture Architecture => Model.Architecture;
    /// <summary>Target normaliser (training rows only).</summary>
    public TargetNormalizer Normalizer => Model.Normalizer;
    /// <summary>What the model predicts and where it came from (imported checkpoints); null for models trained here.</summary>
    public EosNetModelInfo? Info { get; }
    /// <summary>Per-epoch training history.</summary>
    public IReadOnlyList<EpochReport> History => Model.History;
}
