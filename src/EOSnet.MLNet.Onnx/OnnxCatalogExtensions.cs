using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet.Onnx;

/// <summary>Scoring exported EOSnet ONNX models inside ML.NET pipelines.</summary>
public static class OnnxCatalogExtensions
{
    /// <summary>
    /// Scores an exported EOSnet ONNX model after the featurizers (columns AtomicNumbers, AtomFingerprints,
    /// NeighborIndices, NeighborDistances) with ML.NET's <c>ApplyOnnxModel</c>, then turns the [1]-vector outputs into
    /// the scalar columns ML.NET's evaluators need (regression: Score; binary: Score, Probability, PredictedLabel).
    /// Uses the CUDA execution provider on <paramref name="gpuDeviceId"/> when available, otherwise (with
    /// <paramref name="fallbackToCpu"/>) the CPU; one log line on the context's <c>Log</c> says which.
    /// </summary>
    /// <param name="catalog">The context's transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="onnxModel">The model written by <c>EosNetPredictionTransformer.ExportOnnx</c>.</param>
    /// <param name="classification">Whether the model is a binary classifier (adds Probability and PredictedLabel).</param>
    /// <param name="gpuDeviceId">The CUDA device to score on; null for the CPU.</param>
    /// <param name="fallbackToCpu">Score on the CPU when CUDA is not available.</param>
    /// <param name="log">Also receives the line naming the execution provider (besides <c>mlContext.Log</c>).</param>
    /// <remarks>
    /// Input columns: <c>AtomicNumbers</c>, <c>AtomFingerprints</c>, <c>NeighborIndices</c>, <c>NeighborDistances</c>.
    /// Output columns: <c>Score</c> (regression), or <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c>.
    /// </remarks>
    public static IEstimator<ITransformer> ApplyEosNetOnnxModel(this TransformsCatalog catalog, byte[] onnxModel,
        bool classification, int? gpuDeviceId = null, bool fallbackToCpu = true, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        string provider = DescribeProvider(gpuDeviceId, fallbackToCpu);
        using (var ch = Internal.MlNetBridge.EnvironmentOf(catalog).Start(nameof(ApplyEosNetOnnxModel)))
            ch.Info(MessageSensitivity.None, $"ONNX scoring on {provider}");
        log?.Invoke($"[eosnet] ONNX scoring on {provider}");
        LastProvider = provider;
        var outputs = classification
            ? new[] { EosNetOnnxExporter.ScoreOutput, EosNetOnnxExporter.ProbabilityOutput }
            : new[] { EosNetOnnxExporter.ScoreOutput };
        var inputs = new[]
        {
            EosNetOnnxExporter.AtomicNumbersInput, EosNetOnnxExporter.FingerprintsInput,
            EosNetOnnxExporter.NeighborIndicesInput, EosNetOnnxExporter.NeighborDistancesInput,
        };
        var onnx = catalog.ApplyOnnxModel(outputs, inputs, new MemoryStream(onnxModel), gpuDeviceId, fallbackToCpu);
        return classification
            ? onnx.Append(catalog.CustomMapping(new BinaryScoreMapping().GetMapping(), BinaryScoreMapping.ContractName))
            : onnx.Append(catalog.CustomMapping(new RegressionScoreMapping().GetMapping(), RegressionScoreMapping.ContractName));
    }

    /// <summary>The execution provider chosen by the last <see cref="ApplyEosNetOnnxModel"/> call ("CUDA (device n)" or "CPU").</summary>
    public static string? LastProvider { get; private set; }

    /// <summary>Which execution provider ONNX Runtime will use for the given settings.</summary>
    public static string DescribeProvider(int? gpuDeviceId, bool fallbackToCpu)
    {
        if (gpuDeviceId is null) return "CPU";
        try
        {
            using var options = SessionOptions.MakeSessionOptionWithCudaProvider(gpuDeviceId.Value);
            return $"CUDA (device {gpuDeviceId.Value})";
        }
        catch (Exception ex) when (fallbackToCpu && ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return $"CPU (CUDA unavailable: {ex.Message.Split('\n')[0]})";
        }
    }
}
