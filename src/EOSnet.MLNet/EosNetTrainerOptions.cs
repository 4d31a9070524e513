using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.Model.Equivariant;

namespace EOSnet.MLNet;

/// <summary>
/// Options of the EOSnet trainer (defaults = the authors' published v1 recipe and architecture). A flat ML.NET options
/// class: every default is read from <see cref="EosNetArchitecture"/> and <see cref="TrainingOptions"/>, where it is
/// declared once. <see cref="Network"/> = <see cref="NetworkKind.V2"/> trains the e3nn network of shape
/// <see cref="V2Config"/> with the shared recipe settings (epochs, batch, learning rate and its warm-up and schedule,
/// weight average, clip, seed, threads, device, prediction batch, validation and early stopping); the v1-only
/// settings must then keep their defaults.
/// </summary>
public sealed class EosNetTrainerOptions
{
    /// <summary>The reference architecture, whose defaults these options take.</summary>
    private static readonly EosNetArchitecture ReferenceArchitecture = new();
    /// <summary>The reference recipe, whose defaults these options take.</summary>
    private static readonly TrainingOptions ReferenceRecipe = new();

    /// <summary>The network: <see cref="NetworkKind.V1"/> (the paper's, the default) or <see cref="NetworkKind.V2"/> (e3nn, regression only).</summary>
    public NetworkKind Network { get; set; } = NetworkKind.V1;
    /// <summary>
    /// The v2 network's shape (<see cref="Network"/> = V2; default <see cref="EosNetV2Config.Default"/>). Its
    /// <see cref="EosNetV2Config.AtomFeatureLength"/> is not read: the trainer uses 113 + the fingerprint length of its
    /// input; its <see cref="EosNetV2Config.RadialCutoff"/> must equal the cutoff <c>BuildEquivariantGraph</c> recorded.
    /// </summary>
    public EosNetV2Config V2Config { get; set; } = EosNetV2Config.Default;
    /// <summary>v2: edge sources column (from BuildEquivariantGraph).</summary>
    public string EdgeSourcesColumnName { get; set; } = CrystalColumns.EdgeSources;
    /// <summary>v2: edge destinations column (from BuildEquivariantGraph).</summary>
    public string EdgeDestinationsColumnName { get; set; } = CrystalColumns.EdgeDestinations;
    /// <summary>v2: edge vectors column (from BuildEquivariantGraph).</summary>
    public string EdgeVectorsColumnName { get; set; } = CrystalColumns.EdgeVectors;

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
    /// <summary>
    /// Fingerprint values per atom. Null (the default): taken from the fingerprint column, which
    /// <c>ComputeGomFingerprints</c> annotates with its length, or <see cref="GomOptions.DefaultFingerprintLength"/> when
    /// the column carries no annotation (e.g. a feature cache read from disk). An explicit value must match the
    /// annotation; 0 trains on the element one-hot alone (the fingerprint column is not read).
    /// </summary>
    public int? FingerprintLength { get; set; }
    /// <summary>
    /// Neighbour slots per atom. Null (the default): taken from the neighbour columns, which <c>BuildCrystalGraph</c>
    /// annotates, or <see cref="GraphOptions.DefaultMaxNeighbors"/> without an annotation. An explicit value must match
    /// the annotation.
    /// </summary>
    public int? MaxNeighbors { get; set; }

    /// <summary>Atom embedding width.</summary>
    public int AtomEmbedding { get; set; } = ReferenceArchitecture.AtomEmbedding;
    /// <summary>Graph convolution layers.</summary>
    public int ConvLayers { get; set; } = ReferenceArchitecture.ConvLayers;
    /// <summary>Hidden width after pooling.</summary>
    public int HiddenLength { get; set; } = ReferenceArchitecture.HiddenLength;
    /// <summary>Hidden layers after pooling.</summary>
    public int HiddenLayers { get; set; } = ReferenceArchitecture.HiddenLayers;
    /// <summary>Edge normalisation (None = current reference; L2 = paper era).</summary>
    public EdgeNormalization EdgeNormalization { get; set; } = ReferenceArchitecture.EdgeNormalization;

    /// <summary>Epochs.</summary>
    public int Epochs { get; set; } = ReferenceRecipe.Epochs;
    /// <summary>Crystals per batch.</summary>
    public int BatchSize { get; set; } = ReferenceRecipe.BatchSize;
    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; set; } = ReferenceRecipe.LearningRate;
    /// <summary>Adam weight decay (an L2 term in the gradient, as the reference; see <see cref="DecoupledWeightDecay"/>).</summary>
    public double WeightDecay { get; set; } = ReferenceRecipe.WeightDecay;
    /// <summary>AdamW: decay the weights by 1 − lr·<see cref="WeightDecay"/> each step instead of adding an L2 term to the gradient.</summary>
    public bool DecoupledWeightDecay { get; set; } = ReferenceRecipe.DecoupledWeightDecay;
    /// <summary>Warm-up epochs.</summary>
    public int WarmupEpochs { get; set; } = ReferenceRecipe.WarmupEpochs;
    /// <summary>Decay milestones after the warm-up.</summary>
    public int[] Milestones { get; set; } = ReferenceRecipe.Milestones.ToArray();
    /// <summary>Decay factor.</summary>
    public double Gamma { get; set; } = ReferenceRecipe.Gamma;
    /// <summary>Decay after the warm-up: multi-step at <see cref="Milestones"/> (the reference) or cosine.</summary>
    public LearningRateSchedule Schedule { get; set; } = ReferenceRecipe.Schedule;
    /// <summary>Exponential moving average of the weights with this decay (0 = off, the reference); validation and the model use the average.</summary>
    public double EmaDecay { get; set; } = ReferenceRecipe.EmaDecay;
    /// <summary>Gradient-norm clip.</summary>
    public double GradientClip { get; set; } = ReferenceRecipe.GradientClip;
    /// <summary>
    /// Regression: what the network minimises on the standardised label, MSE (the reference) or the mean absolute error
    /// (Matbench's metric; less pulled by outlying labels). Both networks; binary classification refuses anything but the default.
    /// </summary>
    public RegressionLoss Loss { get; set; } = ReferenceRecipe.Loss;
    /// <summary>Stop after this many epochs without validation improvement (null = never).</summary>
    public int? EarlyStoppingPatience { get; set; } = ReferenceRecipe.EarlyStoppingPatience;

    /// <summary>Seed (null: drawn from the MLContext's random source, so MLContext(seed) makes runs reproducible).</summary>
    public int? Seed { get; set; }
    /// <summary>libtorch threads (0 = unchanged).</summary>
    public int Threads { get; set; } = ReferenceRecipe.Threads;
    /// <summary>auto | cpu | cuda | cuda:N.</summary>
    public string Device { get; set; } = ReferenceRecipe.Device;
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
    public int PredictionBatchSize { get; set; } = ReferenceRecipe.PredictionBatchSize;

    /// <summary>
    /// Fine-tuning: the trained network to start from (a model zip path, an <see cref="EosNetModelParameters"/> or
    /// transformer, or an authors' checkpoint via <see cref="EosNetInitialModel.FromFile"/> with its era); null trains
    /// from scratch. Its weights and shape (and edge normalisation) are used; the target normaliser is computed afresh
    /// from the new training rows and the optimiser starts afresh. A lower <see cref="LearningRate"/> is usual; with an
    /// initial model <see cref="Epochs"/> may be 0 (the initial network with the new normaliser). With
    /// <see cref="Network"/> = V2 it must be a v2 model of shape <see cref="V2Config"/> (and at least one epoch).
    /// </summary>
    public EosNetInitialModel? InitialModel { get; set; }
    /// <summary>Fine-tuning: freeze the atom embedding and the convolutions, so only the head after pooling trains.</summary>
    public bool FreezeConvolutions { get; set; } = ReferenceRecipe.FreezeConvolutions;

    /// <summary>The architecture for a task, with the fingerprint length and neighbour slots as given (or the defaults).</summary>
    internal EosNetArchitecture Architecture(ModelTask task) => Architecture(task, Internal.GraphShape.FromOptions(FingerprintLength, MaxNeighbors));

    /// <summary>The architecture for a task and the input's resolved shape.</summary>
    internal EosNetArchitecture Architecture(ModelTask task, Internal.GraphShape shape) => new()
    {
        Task = task, FingerprintLength = shape.FingerprintLength, AtomEmbedding = AtomEmbedding, ConvLayers = ConvLayers,
        HiddenLength = HiddenLength, HiddenLayers = HiddenLayers, MaxNeighbors = shape.MaxNeighbors, EdgeNormalization = EdgeNormalization,
    };

    internal TrainingOptions Recipe(int seed) => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, WeightDecay = WeightDecay, DecoupledWeightDecay = DecoupledWeightDecay, WarmupEpochs = WarmupEpochs,
        Milestones = Milestones, Gamma = Gamma, Schedule = Schedule, EmaDecay = EmaDecay, GradientClip = GradientClip, EarlyStoppingPatience = EarlyStoppingPatience,
        Loss = Loss, Seed = seed, Threads = Threads, Device = Device, PredictionBatchSize = PredictionBatchSize, FreezeConvolutions = FreezeConvolutions,
    };

    /// <summary>The v2 recipe: the shared settings of these options.</summary>
    internal EosNetV2TrainingOptions V2Recipe(int seed) => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, WarmupEpochs = WarmupEpochs, Schedule = Schedule, Milestones = Milestones,
        Gamma = Gamma, EmaDecay = EmaDecay, GradientClip = GradientClip, Loss = Loss, Seed = seed, Threads = Threads, Device = Device,
        PredictionBatchSize = PredictionBatchSize, EarlyStoppingPatience = EarlyStoppingPatience,
    };

    /// <summary>The v2 columns, read with a resolved fingerprint length.</summary>
    internal Internal.EquivariantColumns V2Graph(int fingerprintLength) =>
        new(AtomicNumbersColumnName, FingerprintsColumnName, EdgeSourcesColumnName, EdgeDestinationsColumnName, EdgeVectorsColumnName, fingerprintLength);

    /// <summary>
    /// The v2 shape for an input with <paramref name="fingerprintLength"/> values per atom whose edges were built with
    /// <paramref name="cutoff"/> Å (null: not recorded); a cutoff other than <see cref="V2Config"/>'s is an <see cref="ArgumentException"/>.
    /// </summary>
    internal EosNetV2Config V2ConfigFor(int fingerprintLength, double? cutoff, string what)
    {
        if (cutoff is double c && c != V2Config.RadialCutoff)
            throw new ArgumentException(FormattableString.Invariant(
                $"the {what}'s edges were built by BuildEquivariantGraph with cutoff {c} Å, but V2Config.RadialCutoff is {V2Config.RadialCutoff} Å; featurize with BuildEquivariantGraph(cutoff: {V2Config.RadialCutoff}) or set V2Config.RadialCutoff = {c}"));
        return (V2Config with { AtomFeatureLength = AtomFeatures.OneHotLength + fingerprintLength }).Validate();
    }

    /// <summary>The v1-only settings (architecture, weight decay, checkpoints, frozen layers) that differ from their defaults.</summary>
    internal IReadOnlyList<string> V1OnlySettingsChanged()
    {
        var d = new EosNetTrainerOptions();
        var changed = new List<string>();
        void Check(string name, bool same) { if (!same) changed.Add(name); }
        Check(nameof(MaxNeighbors), MaxNeighbors == d.MaxNeighbors);
        Check(nameof(AtomEmbedding), AtomEmbedding == d.AtomEmbedding);
        Check(nameof(ConvLayers), ConvLayers == d.ConvLayers);
        Check(nameof(HiddenLength), HiddenLength == d.HiddenLength);
        Check(nameof(HiddenLayers), HiddenLayers == d.HiddenLayers);
        Check(nameof(EdgeNormalization), EdgeNormalization == d.EdgeNormalization);
        Check(nameof(WeightDecay), WeightDecay == d.WeightDecay);
        Check(nameof(DecoupledWeightDecay), DecoupledWeightDecay == d.DecoupledWeightDecay);
        Check(nameof(CheckpointPath), CheckpointPath is null);
        Check(nameof(Resume), Resume == d.Resume);
        Check(nameof(FreezeConvolutions), FreezeConvolutions == d.FreezeConvolutions);
        return changed;
    }

    /// <summary>
    /// A shallow copy, to change for one trainer without changing these options (an ensemble gives each member its own
    /// seed, validation set and checkpoint); the validation set, callback and initial model are shared.
    /// </summary>
    public EosNetTrainerOptions Clone() => (EosNetTrainerOptions)MemberwiseClone();

    /// <summary>The fingerprint length and neighbour slots of an input: as given, else from its columns' annotations, else the defaults.</summary>
    internal Internal.GraphShape ShapeOf(Microsoft.ML.DataViewSchema schema, string what) =>
        Internal.GraphShape.Resolve(FingerprintLength, MaxNeighbors, schema, FingerprintsColumnName, NeighborIndicesColumnName, what);

    /// <summary>The graph columns, read with a resolved shape.</summary>
    internal Internal.GraphColumns Graph(Internal.GraphShape shape) =>
        new(AtomicNumbersColumnName, FingerprintsColumnName, NeighborIndicesColumnName, NeighborDistancesColumnName, shape.FingerprintLength, shape.MaxNeighbors);
}
