using EOSnet.Featurization;

namespace EOSnet.Model;

/// <summary>The learning task of a network.</summary>
public enum ModelTask
{
    /// <summary>One real output (standardised target).</summary>
    Regression,
    /// <summary>Two logits (log-softmax); class 1 is the positive class.</summary>
    BinaryClassification,
}

/// <summary>Shape of the EOSnet v1 network (defaults = every shipped checkpoint; 99,841 parameters for regression).</summary>
public sealed record EosNetArchitecture
{
    /// <summary>Regression or binary classification.</summary>
    public ModelTask Task { get; init; } = ModelTask.Regression;
    /// <summary>GOM values per atom; the embedding input is 113 + this.</summary>
    public int FingerprintLength { get; init; } = GomOptions.DefaultFingerprintLength;
    /// <summary>Atom embedding width F.</summary>
    public int AtomEmbedding { get; init; } = 64;
    /// <summary>Number of convolution layers.</summary>
    public int ConvLayers { get; init; } = 3;
    /// <summary>Hidden width H after pooling.</summary>
    public int HiddenLength { get; init; } = 128;
    /// <summary>Hidden layers after pooling (n_h).</summary>
    public int HiddenLayers { get; init; } = 1;
    /// <summary>Neighbour slots per atom M.</summary>
    public int MaxNeighbors { get; init; } = GraphOptions.DefaultMaxNeighbors;
    /// <summary>Gaussian expansion: first centre (Å).</summary>
    public double GaussianMin { get; init; } = 0.5;
    /// <summary>Gaussian expansion: last centre bound (Å) (the graph radius).</summary>
    public double GaussianMax { get; init; } = GraphOptions.DefaultRadius;
    /// <summary>Gaussian expansion: step (Å).</summary>
    public double GaussianStep { get; init; } = 0.1;
    /// <summary>Gaussian expansion: width (Å).</summary>
    public double GaussianWidth { get; init; } = 1.0;
    /// <summary>Edge vector normalisation (None = current reference, L2 = paper era).</summary>
    public EdgeNormalization EdgeNormalization { get; init; } = EdgeNormalization.None;
    /// <summary>Dropout before the output layer (classification only, as the reference).</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Width of the one-hot part.</summary>
    public const int OneHotLength = 113;

    /// <summary>Atom feature length: 113 + fingerprint length.</summary>
    public int AtomFeatureLength => OneHotLength + FingerprintLength;

    /// <summary>The Gaussian expansion these settings describe.</summary>
    public GaussianDistance Gaussian() => new(GaussianMin, GaussianMax, GaussianStep, GaussianWidth, EdgeNormalization);

    /// <summary>Throws for invalid settings.</summary>
    public EosNetArchitecture Validate()
    {
        if (FingerprintLength < 0 || AtomEmbedding < 1 || ConvLayers < 1 || HiddenLength < 1 || HiddenLayers < 1 || MaxNeighbors < 1)
            throw new ArgumentOutOfRangeException(nameof(EosNetArchitecture), "architecture sizes must be positive");
        if (Dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Dropout));
        return this;
    }
}
