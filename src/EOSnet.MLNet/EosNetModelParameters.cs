using EOSnet.Model;
using EOSnet.Model.Equivariant;

namespace EOSnet.MLNet;

/// <summary>
/// The trained model inside an <see cref="EosNetPredictionTransformer"/>: network (v1 or v2, <see cref="Network"/>),
/// normaliser, history, and for v1 the architecture.
/// </summary>
public sealed class EosNetModelParameters
{
    private readonly EosNetModel? _v1;

    /// <summary>Wraps a trained model (e.g. one trained with EosNetTraining directly or imported from a checkpoint).</summary>
    /// <param name="model">The trained v1 network.</param>
    public EosNetModelParameters(EosNetModel model) : this(model, null) { }

    /// <summary>Wraps a model with its description (imported checkpoints carry one).</summary>
    /// <param name="model">The trained v1 network.</param>
    /// <param name="info">What it predicts and where it came from.</param>
    public EosNetModelParameters(EosNetModel model, EosNetModelInfo? info)
    {
        _v1 = model ?? throw new ArgumentNullException(nameof(model));
        Info = info;
    }

    /// <summary>Wraps a trained v2 (e3nn) model (e.g. one trained with <see cref="EosNetV2Training"/> directly).</summary>
    /// <param name="model">The trained v2 network.</param>
    public EosNetModelParameters(EosNetV2TrainedModel model) => V2 = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>Which network this is.</summary>
    public NetworkKind Network => V2 is null ? NetworkKind.V1 : NetworkKind.V2;

    /// <summary>The task (v2 is regression only).</summary>
    public ModelTask Task => _v1?.Architecture.Task ?? ModelTask.Regression;

    /// <summary>The trained v1 network with its normaliser (usable without ML.NET).</summary>
    /// <exception cref="InvalidOperationException">This is a v2 model (see <see cref="V2"/>).</exception>
    public EosNetModel Model => _v1 ?? throw new InvalidOperationException("this is a v2 (e3nn) model: its network is EosNetModelParameters.V2; this operation supports v1 models only");

    /// <summary>The trained v2 network with its normaliser, or null for a v1 model.</summary>
    public EosNetV2TrainedModel? V2 { get; }

    /// <summary>The v1 architecture.</summary>
    /// <exception cref="InvalidOperationException">This is a v2 model (its shape is <c>V2.Config</c>).</exception>
    public EosNetArchitecture Architecture => Model.Architecture;
    /// <summary>Target normaliser (training rows only).</summary>
    public TargetNormalizer Normalizer => V2?.Normalizer ?? Model.Normalizer;
    /// <summary>What the model predicts and where it came from (imported checkpoints); null for models trained here.</summary>
    public EosNetModelInfo? Info { get; }
    /// <summary>Per-epoch training history.</summary>
    public IReadOnlyList<EpochReport> History => V2?.History ?? Model.History;
}
