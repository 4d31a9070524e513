using EOSnet.Model;

namespace EOSnet.MLNet.Onnx;

/// <summary>ONNX export of trained EOSnet models (the methods the core package's types gain with this package).</summary>
public static class EosNetOnnxExtensions
{
    /// <summary>Writes the network as an ONNX model (see <see cref="EosNetOnnxExporter"/> for inputs and outputs).</summary>
    /// <param name="transformer">A fitted EOSnet prediction transformer (<c>model.LastTransformer</c> of a trained pipeline).</param>
    /// <param name="destination">Where the ONNX bytes go.</param>
    public static void ExportOnnx(this EosNetPredictionTransformer transformer, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        EosNetOnnxExporter.Export(transformer.Model.OnnxSpec(), destination);
    }

    /// <summary>The ONNX description of this network (see <see cref="EosNetOnnxExporter"/>).</summary>
    /// <param name="parameters">The trained model (v1; a v2 model is refused with a <see cref="NotSupportedException"/>).</param>
    public static EosNetOnnxSpec OnnxSpec(this EosNetModelParameters parameters) => parameters.Network != NetworkKind.V1
        ? throw new NotSupportedException("ONNX export supports the v1 network only; this is a v2 (e3nn) model")
        : new()
    {
        StateDict = parameters.Model.ExportStateDict(),
        FingerprintLength = parameters.Architecture.FingerprintLength,
        AtomEmbedding = parameters.Architecture.AtomEmbedding,
        ConvLayers = parameters.Architecture.ConvLayers,
        HiddenLength = parameters.Architecture.HiddenLength,
        HiddenLayers = parameters.Architecture.HiddenLayers,
        MaxNeighbors = parameters.Architecture.MaxNeighbors,
        GaussianCentres = parameters.Architecture.Gaussian().Centres,
        GaussianWidth = parameters.Architecture.GaussianWidth,
        L2EdgeNormalization = parameters.Architecture.EdgeNormalization == Featurization.EdgeNormalization.L2,
        Classification = parameters.Architecture.Task == ModelTask.BinaryClassification,
        TargetMean = parameters.Normalizer.Mean,
        TargetStd = parameters.Normalizer.Std,
    };
}
