using EOSnet.Featurization;
using EOSnet.Model;

namespace EOSnet.MLNet;

/// <summary>Options of the EOSnet trainer (defaults = the authors' published v1 recipe and architecture).</summary>
public sealed class EosNetTrainerOptions
{
    /// <summary>Label column (regression: Single or Double; binary: Boolean, or a number where non-zero = true).</summary>
    public string LabelColumnName { get; set; } = CrystalColumns.Label;
    /// <summary>Atomic numbers column.</summary>
    public string AtomicNumbersColumnName { get; set; } = CrystalColumns.AtomicNumbers;
    /// <summary>Per-atom fingerprints column (from ComputeGomFingerprints).</summary>
    public string FingerprintsColumnName { get; set; } = CrystalColumns.AtomFingerprints;
    /// <summary>Neighbour indices column (from BuildCrystalGraph).</summary>
    public string NeighborIndicesColumnName { get; set; } = CrystalColumns.NeighborIndices;
    /// <summary>Neighbour distances column (from BuildCrystalGraph).</summary>
    public string NeighborDistancesColumnName { get; set; } = CrystalColumns.NeighborDistances;
    /// <summary>Fingerprint values per atom (must match the featurizer).</summary>
    public int FingerprintLength { get; set; } = GomOptions.DefaultFingerprintLength;
    /// <summary>Neighbour slots per atom (must match the graph).</summary>
    public int MaxNeighbors { get; set; } = GraphOptions.DefaultMaxNeighbors;

    /// <summary>Atom embedding width.</summary>
    public int AtomEmbedding { get; set; } = 64;
    /// <summary>Graph convolution layers.</summary>
    public int ConvLayers { get; set; } = 3;
    /// <summary>Hidden width after pooling.</summary>
    public int HiddenLength { get; set; } = 128;
    /// <summary>Hidden layers after pooling.</summary>
    public int HiddenLayers { get; set; } = 1;
    /// <summary>Edge normalisation (None = current reference; L2 = paper era).</summary>
    public EdgeNormalization EdgeNormalization { get; set; } = EdgeNormalization.None;

    /// <summary>Epochs.</summary>
    public int Epochs { get; set; } = 500;
    /// <summary>Crystals per batch.</summary>
    public int BatchSize { get; set; } = 256;
    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; set; } = 1e-3;
    /// <summary>Adam weight decay (an L2 term in the gradient, as the reference; see <see cref="DecoupledWeightDecay"/>).</summary>
    public double WeightDecay { get; set; }
    /// <summary>AdamW: decay the weights by 1 − lr·<see cref="WeightDecay"/> each step instead of adding an L2 term to the gradient.</summary>
    public bool DecoupledWeightDecay { get; set; }
    /// <summary>Warm-up epochs.</summary>
    public int WarmupEpochs { get; set; } = 20;
    /// <summary>Decay milestones after the warm-up.</summary>
    public int[] Milestones { get; set; } = { 100, 200, 400 };
    /// <summary>Decay factor.</summary>
    public double Gamma { get; set; } = 0.1;
    /// <summary>Decay after the warm-up: multi-step at <see cref="Milestones"/> (the reference) or cosine.</summary>
    public LearningRateSchedule Schedule { get; set; } = LearningRateSchedule.MultiStep;
    /// <summary>Exponential moving average of the weights with this decay (0 = off, the reference); validation and the model use the average.</summary>
    public double EmaDecay { get; set; }
    /// <summary>Gradient-norm clip.</summary>
    public double GradientClip { get; set; } = 1.0;
    /// <summary>Stop after this many epochs without validation improvement (null = never).</summary>
    public int? EarlyStoppingPatience { get; set; }

    /// <summary>Seed (null: drawn from the MLContext's random source, so MLContext(seed) makes runs reproducible).</summary>
    public int? Seed { get; set; }
    /// <summary>libtorch threads (0 = unchanged).</summary>
    public int Threads { get; set; }
    /// <summary>auto | cpu | cuda | cuda:N.</summary>
    public string Device { get; set; } = "auto";
    /// <summary>Fraction of the training rows held out (seeded) to select the best epoch, when no ValidationSet is given.</summary>
    public double ValidationFraction { get; set; } = 0.1;
    /// <summary>Explicit validation data (same columns), instead of a held-out fraction.</summary>
    public Microsoft.ML.IDataView? ValidationSet { get; set; }
    /// <summary>Called after each epoch (progress bars, logging).</summary>
    public Action<EpochReport>? OnEpochEnd { get; set; }
    /// <summary>Cancels training between batches.</summary>
    public CancellationToken Cancellation { get; set; }
    /// <summary>When set, an atomic checkpoint is written here after every epoch.</summary>
    public string? CheckpointPath { get; set; }
    /// <summary>Continue from <see cref="CheckpointPath"/> when it exists (same data, seed and batch size).</summary>
    public bool Resume { get; set; }
    /// <summary>Crystals per forward pass when scoring.</summary>
    public int PredictionBatchSize { get; set; } = 256;

    /// <summary>
    /// Fine-tuning: the trained network to start from (a model zip path, an <see cref="EosNetModelParameters"/> or
    /// transformer, or an authors' checkpoint via <see cref="EosNetInitialModel.FromFile"/> with its era); null trains
    /// from scratch. Its weights and shape (and edge normalisation) are used; the target normaliser is computed afresh
    /// from the new training rows and the optimiser starts afresh. A lower <see cref="LearningRate"/> is usual; with an
    /// initial model <see cref="Epochs"/> may be 0 (the initial network with the new normaliser).
    /// </summary>
    public EosNetInitialModel? InitialModel { get; set; }
    /// <summary>Fine-tuning: freeze the atom embedding and the convolutions, so only the head after pooling trains.</summary>
    public bool FreezeConvolutions { get; set; }

    internal EosNetArchitecture Architecture(ModelTask task) => new()
    {
        Task = task, FingerprintLength = FingerprintLength, AtomEmbedding = AtomEmbedding, ConvLayers = ConvLayers,
        HiddenLength = HiddenLength, HiddenLayers = HiddenLayers, MaxNeighbors = MaxNeighbors, EdgeNormalization = EdgeNormalization,
    };

    internal TrainingOptions Recipe(int seed) => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, WeightDecay = WeightDecay, DecoupledWeightDecay = DecoupledWeightDecay, WarmupEpochs = WarmupEpochs,
        Milestones = Milestones, Gamma = Gamma, Schedule = Schedule, EmaDecay = EmaDecay, GradientClip = GradientClip, EarlyStoppingPatience = EarlyStoppingPatience,
        Seed = seed, Threads = Threads, Device = Device, PredictionBatchSize = PredictionBatchSize, FreezeConvolutions = FreezeConvolutions,
    };

    /// <summary>A shallow copy (an ensemble gives each member its own seed, validation set and checkpoint).</summary>
    internal EosNetTrainerOptions Clone() => (EosNetTrainerOptions)MemberwiseClone();

    internal Internal.GraphColumns Graph => new(AtomicNumbersColumnName, FingerprintsColumnName, NeighborIndicesColumnName, NeighborDistancesColumnName, FingerprintLength, MaxNeighbors);
}
