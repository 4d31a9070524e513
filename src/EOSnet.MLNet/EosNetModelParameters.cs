using EOSnet.Model;
using EOSnet.MLNet.Onnx;

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

    /// <summary>The ONNX description of this network (see <see cref="EosNetOnnxExporter"/>).</summary>
    public EosNetOnnxSpec OnnxSpec() => new()
    {
        StateDict = Model.ExportStateDict(),
        FingerprintLength = Architecture.FingerprintLength,
        AtomEmbedding = Architecture.AtomEmbedding,
        ConvLayers = Architecture.ConvLayers,
        HiddenLength = Architecture.HiddenLength,
        HiddenLayers = Architecture.HiddenLayers,
        MaxNeighbors = Architecture.MaxNeighbors,
        GaussianCentres = Architecture.Gaussian().Centres,
        GaussianWidth = Architecture.GaussianWidth,
        L2EdgeNormalization = Architecture.EdgeNormalization == Featurization.EdgeNormalization.L2,
        Classification = Architecture.Task == ModelTask.BinaryClassification,
        TargetMean = Normalizer.Mean,
        TargetStd = Normalizer.Std,
    };
}
