using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.Model.Equivariant;
using EOSnet.Model.Import;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>
/// How the crystal graph was built when a network was trained (its "era"): a network fed the other era's graph gives
/// wrong numbers without any error, so a fine-tuned model must keep its initial model's era.
/// </summary>
public enum GraphEra
{
    /// <summary>The current reference: raw Gaussian edges, short neighbour lists padded by repeating the last neighbour.</summary>
    Current,
    /// <summary>The paper era: L2-normalised Gaussian edges, short lists padded with index 0 at distance radius + 1.</summary>
    Paper,
}

/// <summary>
/// The network a fine-tuning run starts from (<see cref="EosNetTrainerOptions.InitialModel"/>): a trained EOSnet model
/// zip, an <see cref="EosNetModelParameters"/> or transformer in memory, or one of the authors' PyTorch checkpoints with
/// its graph era. Its weights are copied; its target normaliser and optimiser state are not used (the new training data
/// gets its own normaliser and a fresh optimiser, as the authors fine-tune).
/// </summary>
public sealed class EosNetInitialModel
{
    private readonly Func<IHostEnvironment, Resolved> _resolve;

    private EosNetInitialModel(string description, Func<IHostEnvironment, Resolved> resolve)
    {
        Description = description;
        _resolve = resolve;
    }

    /// <summary>Where the initial model comes from, in words (used in error messages).</summary>
    public string Description { get; }

    /// <summary>
    /// What the trainer needs: shape (a v1 <see cref="Architecture"/>, or for a v2 model <see cref="V2Config"/> and no
    /// architecture), weights and, when known, the graph settings its inputs were built with.
    /// </summary>
    internal sealed record Resolved(EosNetArchitecture? Architecture, IReadOnlyDictionary<string, float[]> Weights, GraphExpectation? Graph, string Description,
        EosNetV2Config? V2Config = null)
    {
        /// <summary>Which network the initial model is.</summary>
        public NetworkKind Network => V2Config is null ? NetworkKind.V1 : NetworkKind.V2;
    }

    /// <summary>The graph settings an initial model expects of its input (null members: not known).</summary>
    internal sealed record GraphExpectation(NeighborPadding Padding, double? Radius, int? MaxNeighbors, string Source);

    /// <summary>
    /// A file: an EOSnet ML.NET model zip (its featurizer settings come with it), or an authors' checkpoint
    /// (<c>.pth.tar</c>/<c>.pth</c>/<c>.pt</c>), which needs <paramref name="era"/>.
    /// </summary>
    /// <param name="path">The model zip or checkpoint.</param>
    /// <param name="era">The checkpoint's graph era (see the model README); ignored for model zips, which record theirs.</param>
    public static EosNetInitialModel FromFile(string path, GraphEra? era = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        bool zip = path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (!zip && era is null)
            throw new ArgumentException($"{path}: an authors' checkpoint does not record how its graph was built; state its era (GraphEra.Current or GraphEra.Paper, see the model README)", nameof(era));
        return zip
            ? new EosNetInitialModel($"model zip {path}", env => FromZip(env, path))
            : new EosNetInitialModel($"checkpoint {path} ({era} era)", _ => FromCheckpoint(path, era!.Value));
    }

    /// <summary>A trained model in memory (no featurizer settings known beyond the network's own edge normalisation).</summary>
    /// <param name="parameters">The trained model.</param>
    public static EosNetInitialModel FromParameters(EosNetModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new EosNetInitialModel("the given EosNetModelParameters", _ => FromNetwork(parameters, null, "the given EosNetModelParameters"));
    }

    /// <summary>A fitted pipeline or prediction transformer; a chain's EOSnet featurizers give the graph settings to check.</summary>
    /// <param name="transformer">An <see cref="EosNetPredictionTransformer"/> or a chain that ends with one.</param>
    public static EosNetInitialModel FromTransformer(ITransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return new EosNetInitialModel("the given transformer", _ => FromChain(transformer, "the given transformer"));
    }

    /// <summary>Same as <see cref="FromFile"/> without an era (model zips).</summary>
    /// <param name="path">The model zip.</param>
    public static implicit operator EosNetInitialModel(string path) => FromFile(path);

    /// <summary>Same as <see cref="FromParameters"/>.</summary>
    /// <param name="parameters">The trained model.</param>
    public static implicit operator EosNetInitialModel(EosNetModelParameters parameters) => FromParameters(parameters);

    /// <summary>Same as <see cref="FromTransformer"/>.</summary>
    /// <param name="transformer">The fitted prediction transformer.</param>
    public static implicit operator EosNetInitialModel(EosNetPredictionTransformer transformer) => FromTransformer(transformer);

    internal Resolved Resolve(IHostEnvironment env) => _resolve(env);

    private static Resolved FromZip(IHostEnvironment env, string path)
    {
        var ml = env as MLContext ?? new MLContext();
        var loaded = ml.Model.LoadWithEosNet(path, out _);
        try { return FromChain(loaded, $"model zip {path}"); }
        finally { (loaded as IDisposable)?.Dispose(); }
    }

    private static Resolved FromChain(ITransformer transformer, string what)
    {
        var parts = Flatten(transformer).ToList();
        var predictor = parts.OfType<EosNetPredictionTransformer>().LastOrDefault()
            ?? throw new ArgumentException($"{what} holds no EOSnet prediction transformer");
        var graph = parts.OfType<CrystalGraphTransformer>().LastOrDefault()?.Options;
        var expectation = graph is null ? null : new GraphExpectation(graph.Padding, graph.Radius, graph.MaxNeighbors, $"{what}'s BuildCrystalGraph");
        return FromNetwork(predictor.Model, expectation, what);
    }

    /// <summary>The transformers of a (possibly nested) chain, in order.</summary>
    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : new[] { transformer };

    private static Resolved FromNetwork(EosNetModelParameters parameters, GraphExpectation? graph, string what) =>
        parameters.V2 is { } v2 ? new Resolved(null, v2.ExportStateDict(), null, what, v2.Config) : FromNetwork(parameters.Model, graph, what);

    private static Resolved FromNetwork(EosNetModel model, GraphExpectation? graph, string what) =>
        new(model.Architecture, model.ExportStateDict(), graph, what);

    /// <summary>Reads an authors' checkpoint: the v1 shape from its tensor shapes, the edges from the era.</summary>
    private static Resolved FromCheckpoint(string path, GraphEra era)
    {
        var ckpt = PyTorchCheckpoint.Load(path);
        long[] Shape(string name) => ckpt.Shapes.TryGetValue(name, out var s) ? s
            : throw new InvalidDataException($"{path}: not an EOSnet v1 checkpoint (no '{name}')");
        var embedding = Shape("embedding.weight");
        int width = checked((int)embedding[0]);
        var architecture = new EosNetArchitecture
        {
            Task = ckpt.Task == "classification" ? ModelTask.BinaryClassification : ModelTask.Regression,
            FingerprintLength = checked((int)embedding[1]) - EosNetArchitecture.OneHotLength,
            AtomEmbedding = width,
            ConvLayers = ckpt.Shapes.Keys.Count(k => k.StartsWith("convs.", StringComparison.Ordinal) && k.EndsWith(".fc_full.weight", StringComparison.Ordinal)),
            HiddenLength = checked((int)Shape("conv_to_fc.weight")[0]),
            HiddenLayers = 1 + ckpt.Shapes.Keys.Count(k => k.StartsWith("fcs.", StringComparison.Ordinal) && k.EndsWith(".weight", StringComparison.Ordinal)),
            MaxNeighbors = ckpt.IntArg("max_num_nbr", GraphOptions.DefaultMaxNeighbors),
            GaussianMax = ckpt.DoubleArg("radius", GraphOptions.DefaultRadius),
            EdgeNormalization = era == GraphEra.Paper ? EdgeNormalization.L2 : EdgeNormalization.None,
        }.Validate();
        long edges = Shape("convs.0.fc_full.weight")[1] - 2L * width;
        if (edges != architecture.Gaussian().Centres.Length)
            throw new InvalidDataException($"{path}: the convolutions read {edges} edge features; EOSnet v1 with radius {architecture.GaussianMax} Å has {architecture.Gaussian().Centres.Length}");
        var padding = era == GraphEra.Paper ? NeighborPadding.ZeroIndexFar : NeighborPadding.RepeatLast;
        var expectation = new GraphExpectation(padding, architecture.GaussianMax, architecture.MaxNeighbors, $"checkpoint {path} ({era} era)");
        return new Resolved(architecture, ckpt.StateDict, expectation, $"checkpoint {path}");
    }
}
