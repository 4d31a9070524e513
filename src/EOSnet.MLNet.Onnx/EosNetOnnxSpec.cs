using EOSnet.Featurization;

namespace EOSnet.MLNet.Onnx;

/// <summary>
/// Everything the ONNX exporter needs about a trained EOSnet v1 network, independent of TorchSharp: the state
/// dictionary (PyTorch names, float32 values, Linear weights out × in) and the architecture and feature settings.
/// </summary>
public sealed record EosNetOnnxSpec
{
    /// <summary>Parameters and BatchNorm buffers by state-dict name (<c>embedding.weight</c>, <c>convs.0.bn1.running_mean</c>, …).</summary>
    public required IReadOnlyDictionary<string, float[]> StateDict { get; init; }
    /// <summary>GOM fingerprint values per atom (<see cref="GomOptions.DefaultFingerprintLength"/> by default); the embedding input is 113 + this.</summary>
    public int FingerprintLength { get; init; } = GomOptions.DefaultFingerprintLength;
    /// <summary>Atom embedding width (64).</summary>
    public int AtomEmbedding { get; init; } = 64;
    /// <summary>Number of convolution layers (3).</summary>
    public int ConvLayers { get; init; } = 3;
    /// <summary>Width of the hidden layer after pooling (128).</summary>
    public int HiddenLength { get; init; } = 128;
    /// <summary>Number of hidden layers after pooling (1).</summary>
    public int HiddenLayers { get; init; } = 1;
    /// <summary>Neighbour slots per atom (<see cref="GraphOptions.DefaultMaxNeighbors"/> by default).</summary>
    public int MaxNeighbors { get; init; } = GraphOptions.DefaultMaxNeighbors;
    /// <summary>Gaussian centres of the edge expansion (Å).</summary>
    public required double[] GaussianCentres { get; init; }
    /// <summary>Gaussian width of the edge expansion (Å).</summary>
    public double GaussianWidth { get; init; } = 1.0;
    /// <summary>Paper-era edges: zero entries below 1e-10, then L2-normalise each expansion vector.</summary>
    public bool L2EdgeNormalization { get; init; }
    /// <summary>True for the two-logit classifier head, false for regression.</summary>
    public bool Classification { get; init; }
    /// <summary>Regression target mean (prediction = output · std + mean).</summary>
    public double TargetMean { get; init; }
    /// <summary>Regression target standard deviation.</summary>
    public double TargetStd { get; init; } = 1.0;
    /// <summary>BatchNorm epsilon (1e-5).</summary>
    public double BatchNormEpsilon { get; init; } = 1e-5;
}
