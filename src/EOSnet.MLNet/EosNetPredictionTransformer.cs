using System.ComponentModel;
using System.Text.Json.Serialization;
using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.Model.Equivariant;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>
/// A trained EOSnet model as an ML.NET transformer. Regression adds <c>Score</c> (Single, target units); binary
/// classification adds <c>Score</c> (logit z₁ − z₀, threshold 0), <c>Probability</c> (sigmoid of the logit) and
/// <c>PredictedLabel</c> (Boolean). Transform scores rows in batches through a read-ahead cursor; use
/// <see cref="PredictBatch(IReadOnlyList{CrystalGraph})"/> (thread-safe) for graphs you already have. A v2 (e3nn)
/// model (<see cref="EosNetModelParameters.Network"/>) reads the edge-list columns of <c>BuildEquivariantGraph</c>
/// instead of the neighbour columns; the saved model records which network it is, its shape and its graph cutoff.
/// </summary>
public sealed class EosNetPredictionTransformer : EosNetTransformerBase, IPredictionTransformer<EosNetModelParameters>
{
    internal const string LoaderSignature = "EosNetPredictor";
    private const string Signature = "EOSNETPT";
    private const string ModelStream = "EosNetModel";
    private const string InfoStream = "EosNetModelInfo";
    private const string V2ModelStream = "EosNetV2Model";
    private readonly PredictorSettings _settings;

    /// <summary>
    /// The scoring settings stored in a model zip. <paramref name="Device"/> is never written by this version (a saved
    /// model is device-independent); zips written before it may name the training device, which loading ignores.
    /// <paramref name="Network"/> is always written; zips written before v2 existed lack it and are v1. A v2 model
    /// reads the edge columns and records the <paramref name="Cutoff"/> its edges were built with.
    /// </summary>
    internal sealed record PredictorSettings(string AtomicNumbers, string Fingerprints, string NeighborIndices, string NeighborDistances,
        int FingerprintLength, int MaxNeighbors, int PredictionBatchSize,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Device, string FeatureColumnName,
        NetworkKind Network = NetworkKind.V1,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EdgeSources = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EdgeDestinations = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EdgeVectors = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Cutoff = null)
    {
        /// <summary>The settings of a v2 model trained with <paramref name="o"/> on edges built with <paramref name="cutoff"/> Å.</summary>
        public static PredictorSettings ForV2(EosNetTrainerOptions o, int fingerprintLength, double cutoff) =>
            new(o.AtomicNumbersColumnName, o.FingerprintsColumnName, o.NeighborIndicesColumnName, o.NeighborDistancesColumnName, fingerprintLength,
                GraphOptions.DefaultMaxNeighbors, o.PredictionBatchSize, Device: null, o.FingerprintsColumnName,
                NetworkKind.V2, o.EdgeSourcesColumnName, o.EdgeDestinationsColumnName, o.EdgeVectorsColumnName, cutoff);

        /// <summary>The v2 columns of these settings.</summary>
        public EquivariantColumns V2Columns => new(AtomicNumbers, Fingerprints,
            EdgeSources ?? CrystalColumns.EdgeSources, EdgeDestinations ?? CrystalColumns.EdgeDestinations, EdgeVectors ?? CrystalColumns.EdgeVectors, FingerprintLength);
    }

    internal EosNetPredictionTransformer(IHostEnvironment env, EosNetModel model, PredictorSettings settings, EosNetModelInfo? info = null) : base(env)
    {
        if (settings.Network != NetworkKind.V1) throw new ArgumentException("v1 network with settings of another network", nameof(settings));
        Model = new EosNetModelParameters(model, info);
        _settings = settings;
    }

    internal EosNetPredictionTransformer(IHostEnvironment env, EosNetV2TrainedModel model, PredictorSettings settings) : base(env)
    {
        if (settings.Network != NetworkKind.V2 || settings.Cutoff is null) throw new ArgumentException("v2 network without v2 settings", nameof(settings));
        Model = new EosNetModelParameters(model);
        _settings = settings;
    }

    /// <summary>The trained model.</summary>
    public EosNetModelParameters Model { get; }

    /// <summary>The scoring settings this transformer saves.</summary>
    internal PredictorSettings Settings => _settings;

    /// <summary>The task.</summary>
    public ModelTask Task => Model.Task;

    /// <summary>Which network this model is.</summary>
    public NetworkKind Network => Model.Network;

    /// <summary>Predicts graphs directly, in batches; safe to call from several threads.</summary>
    /// <param name="graphs">v1 crystal graphs.</param>
    /// <exception cref="InvalidOperationException">This is a v2 model (use <see cref="PredictBatch(IReadOnlyList{EquivariantSample})"/>).</exception>
    public EosNetPrediction[] PredictBatch(IReadOnlyList<CrystalGraph> graphs) => Model.Model.Predict(graphs, _settings.PredictionBatchSize);

    /// <summary>Predicts v2 samples directly (target units), in batches; safe to call from several threads.</summary>
    /// <param name="samples">v2 inputs (e.g. <see cref="EquivariantSample.FromCrystal"/>).</param>
    /// <exception cref="InvalidOperationException">This is a v1 model.</exception>
    public double[] PredictBatch(IReadOnlyList<EquivariantSample> samples) =>
        (Model.V2 ?? throw new InvalidOperationException("this is a v1 model: predict CrystalGraphs")).Predict(samples, _settings.PredictionBatchSize);


    /// <summary>The input columns this model reads (v1: the neighbour columns; v2: the edge list).</summary>
    internal IReadOnlyList<InputColumnSpec> InputSpecs => (Network == NetworkKind.V2 ? _settings.V2Columns.Specs() : Columns.Specs()).ToList();

    /// <summary>A reader of this model's input (a <see cref="CrystalGraph"/> or an <see cref="EquivariantSample"/>) at the row's position.</summary>
    internal Func<object> InputReader(DataViewRow row)
    {
        if (Network == NetworkKind.V1) return Columns.Reader(row, CrystalColumns.Id).Read;
        var columns = _settings.V2Columns;
        if (columns.CutoffOf(row.Schema) is double cutoff && cutoff != _settings.Cutoff)
            throw new InvalidOperationException(FormattableString.Invariant(
                $"the input's edges were built by BuildEquivariantGraph with cutoff {cutoff} Å; this v2 model was trained on edges within {_settings.Cutoff} Å and would give wrong numbers"));
        var read = columns.Reader(row);
        return () => read();
    }

    internal GraphColumns Columns => new(_settings.AtomicNumbers, _settings.Fingerprints, _settings.NeighborIndices, _settings.NeighborDistances, _settings.FingerprintLength, _settings.MaxNeighbors);

    private protected override MappingCore CreateCore()
    {
        var outputs = Task == ModelTask.Regression
            ? new OutputColumnSpec[] { new ScalarOutput<float>(CrystalColumns.Score, NumberDataViewType.Single) }
            : new OutputColumnSpec[]
            {
                new ScalarOutput<float>(CrystalColumns.Score, NumberDataViewType.Single),
                new ScalarOutput<float>(CrystalColumns.Probability, NumberDataViewType.Single),
                new ScalarOutput<bool>(CrystalColumns.PredictedLabel, BooleanDataViewType.Instance),
            };
        var computation = new PredictionComputation(this);
        return new MappingCore(InputSpecs, outputs, (row, idx, source) => new BatchRowFunction(row, idx, source, computation, _settings.PredictionBatchSize));
    }

    /// <summary>Scores rows of either network (a v2 model refuses edges built with another cutoff than its own).</summary>
    private sealed class PredictionComputation : IBatchComputation
    {
        private readonly EosNetPredictionTransformer _t;
        public PredictionComputation(EosNetPredictionTransformer t) => _t = t;

        public Func<object> CreateInputReader(DataViewRow row, int[] inputIndices) => _t.InputReader(row);

        public object[][] ComputeBatch(IReadOnlyList<object> inputs)
        {
            if (_t.Network == NetworkKind.V2)
                return _t.PredictBatch(inputs.Cast<EquivariantSample>().ToList()).Select(v => new object[] { (float)v }).ToArray();
            var preds = _t.PredictBatch(inputs.Cast<CrystalGraph>().ToList());
            return preds.Select(p => _t.Task == ModelTask.Regression
                ? new object[] { p.Value }
                : new object[] { p.Logit, p.Probability, p.Logit > 0 }).ToArray();
        }
    }

    private protected override (string ModelSignature, string LoaderSignature, uint Version) SaveIdentity => (Signature, LoaderSignature, 0x00010001);

    private protected override void SaveParameters(ModelSaveContext ctx, BinaryWriter writer)
    {
        JsonPayload.Write(writer, _settings);
        SaveNetwork(ctx, OwnStream(_settings));
    }

    /// <summary>The stream of a single model's network: a v2 network has its own name, so it is never read as v1.</summary>
    private static string OwnStream(PredictorSettings settings) => settings.Network == NetworkKind.V2 ? V2ModelStream : ModelStream;

    /// <summary>Writes the network into the named binary stream of the model zip.</summary>
    internal void SaveNetwork(ModelSaveContext ctx, string streamName)
    {
        if (Model.V2 is { } v2)
        {
            NetworkStreams.Save(ctx, streamName, v2.Save);
            return;
        }
        NetworkStreams.Save(ctx, streamName, Model.Model.Save);
        if (Model.Info is { } info) MlNetBridge.SaveBinaryStream(ctx, InfoStreamOf(streamName), w => JsonPayload.Write(w, info));
    }

    /// <summary>Reads the v2 network a model zip with v2 settings holds (a zip without its stream is an error, never a v1 fallback).</summary>
    private static EosNetPredictionTransformer LoadV2Network(IHostEnvironment env, object ctx, string streamName, PredictorSettings settings)
    {
        var model = NetworkStreams.Load(ctx, streamName, s => EosNetV2TrainedModel.Load(s, LoadDevice(env), "EOSnet v2 model inside the ML.NET zip"),
            $"the ML.NET model records a v2 (e3nn) network but has no '{streamName}' stream");
        if (model.Config.RadialCutoff != settings.Cutoff)
        {
            model.Dispose();
            throw new InvalidDataException(FormattableString.Invariant($"the v2 network's radial cutoff {model.Config.RadialCutoff} Å differs from its recorded graph cutoff {settings.Cutoff} Å"));
        }
        return new EosNetPredictionTransformer(env, model, settings);
    }

    /// <summary>The stream of a network's metadata: <see cref="InfoStream"/> for the model's own network, NAME.Info for an ensemble member's.</summary>
    private static string InfoStreamOf(string streamName) => streamName == ModelStream ? InfoStream : streamName + ".Info";

    /// <summary>Reads a transformer whose network (of the kind its settings record) is in the named binary stream (see <see cref="SaveNetwork"/>).</summary>
    internal static EosNetPredictionTransformer LoadNetwork(IHostEnvironment env, object ctx, string streamName, PredictorSettings settings)
    {
        switch (settings.Network)
        {
            case NetworkKind.V1: break;
            case NetworkKind.V2: return LoadV2Network(env, ctx, streamName, settings);
            default: throw new InvalidDataException($"the ML.NET model records network {settings.Network}, which this version does not know");
        }
        var model = NetworkStreams.Load(ctx, streamName, s => EosNetModel.Load(s, LoadDevice(env), "EOSnet model inside the ML.NET zip"),
            $"the ML.NET model has no EOSnet network stream '{streamName}'");
        EosNetModelInfo? info = null;
        MlNetBridge.TryLoadBinaryStream(ctx, InfoStreamOf(streamName), r => info = JsonPayload.Read<EosNetModelInfo>(r, LoaderSignature));
        return new EosNetPredictionTransformer(env, model, settings, info);
    }

    /// <summary>Loader used by ML.NET's model loading; not for direct use.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static EosNetPredictionTransformer Create(IHostEnvironment env, object ctx)
    {
        var reader = MlNetBridge.BeginLoad(ctx, Signature, 0x00010001, LoaderSignature, typeof(EosNetPredictionTransformer));
        var settings = JsonPayload.Read<PredictorSettings>(reader, LoaderSignature);
        return LoadNetwork(env, ctx, OwnStream(settings), settings);
    }

    /// <summary>
    /// The device a loaded model runs on, chosen by the loading process, never the one it was trained on: the
    /// <see cref="MLContext.GpuDeviceId"/> of the loading context when set ("cuda:N", or the CPU when CUDA is absent and
    /// <see cref="MLContext.FallbackToCpu"/> is set), else "auto" (CUDA when present, else the CPU).
    /// </summary>
    /// <param name="env">The loading environment.</param>
    internal static string LoadDevice(IHostEnvironment env)
    {
        if (env is not MLContext { GpuDeviceId: int gpu } ml) return "auto";
        return !TorchRuntime.CudaAvailable && ml.FallbackToCpu ? "cpu" : FormattableString.Invariant($"cuda:{gpu}");
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (Model.V2 is { } v2) v2.Dispose();
            else Model.Model.Dispose();
        }
        base.Dispose(disposing);
    }
}
