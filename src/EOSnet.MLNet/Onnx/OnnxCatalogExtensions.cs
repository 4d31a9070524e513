using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;

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
    public static IEstimator<ITransformer> ApplyEosNetOnnxModel(this TransformsCatalog catalog, byte[] onnxModel,
        bool classification, int? gpuDeviceId = null, bool fallbackToCpu = true, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        string provider = DescribeProvider(gpuDeviceId, fallbackToCpu);
        (log ?? Console.Error.WriteLine)($"[eosnet] ONNX scoring on {provider}");
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
