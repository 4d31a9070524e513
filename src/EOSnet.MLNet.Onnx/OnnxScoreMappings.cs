using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace EOSnet.MLNet.Onnx;

/// <summary>Input of the scalarising mappings: the [1, 1] ONNX outputs arrive as one-element vectors.</summary>
public sealed class OnnxRegressionOutput
{
    /// <summary>The ONNX <c>score</c> output.</summary>
    [VectorType(1)]
    [ColumnName(EosNetOnnxExporter.ScoreOutput)]
    public float[] RawScore { get; set; } = new float[1];
}

/// <summary>Scalar regression score as ML.NET's evaluator requires.</summary>
public sealed class RegressionScore
{
    /// <summary>Predicted value.</summary>
    public float Score { get; set; }
}

/// <summary>Input of the binary scalarising mapping.</summary>
public sealed class OnnxBinaryOutput
{
    /// <summary>The ONNX <c>score</c> output (logit).</summary>
    [VectorType(1)]
    [ColumnName(EosNetOnnxExporter.ScoreOutput)]
    public float[] RawScore { get; set; } = new float[1];

    /// <summary>The ONNX <c>probability</c> output.</summary>
    [VectorType(1)]
    [ColumnName(EosNetOnnxExporter.ProbabilityOutput)]
    public float[] RawProbability { get; set; } = new float[1];
}

/// <summary>Binary outputs as ML.NET's evaluator requires.</summary>
public sealed class BinaryScore
{
    /// <summary>Logit (threshold 0).</summary>
    public float Score { get; set; }
    /// <summary>P(positive class).</summary>
    public float Probability { get; set; }
    /// <summary>Score &gt; 0.</summary>
    public bool PredictedLabel { get; set; }
}

/// <summary>Parameter-free mapping [1]-vector score → scalar Score; saved by contract name and auto-loaded.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class RegressionScoreMapping : CustomMappingFactory<OnnxRegressionOutput, RegressionScore>
{
    /// <summary>Contract name stored in model files.</summary>
    public const string ContractName = "EosNet.OnnxRegressionScore";

    /// <inheritdoc />
    public override Action<OnnxRegressionOutput, RegressionScore> GetMapping() => (i, o) => o.Score = i.RawScore[0];
}

/// <summary>Parameter-free mapping of the binary ONNX outputs to Score, Probability and PredictedLabel.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class BinaryScoreMapping : CustomMappingFactory<OnnxBinaryOutput, BinaryScore>
{
    /// <summary>Contract name stored in model files.</summary>
    public const string ContractName = "EosNet.OnnxBinaryScore";

    /// <inheritdoc />
    public override Action<OnnxBinaryOutput, BinaryScore> GetMapping() => (i, o) =>
    {
        o.Score = i.RawScore[0];
        o.Probability = i.RawProbability[0];
        o.PredictedLabel = i.RawScore[0] > 0;
    };
}
