using System.ComponentModel;
using System.Text.Json.Serialization;
using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>
/// A trained EOSnet model as an ML.NET transformer. Regression adds <c>Score</c> (Single, target units); binary
/// classification adds <c>Score</c> (logit z₁ − z₀, threshold 0), <c>Probability</c> (sigmoid of the logit) and
/// <c>PredictedLabel</c> (Boolean). Transform scores rows in batches through a read-ahead cursor; use
/// <see cref="PredictBatch"/> (thread-safe) for graphs you already have.
/// </summary>
public sealed class EosNetPredictionTransformer : EosNetTransformerBase, IPredictionTransformer<EosNetModelParameters>
{
    internal const string LoaderSignature = "EosNetPredictor";
    private const string Signature = "EOSNETPT";
    private const string ModelStream = "EosNetModel";
    private const string InfoStream = "EosNetModelInfo";
    private readonly PredictorSettings _settings;

    /// <summary>
    /// The scoring settings stored in a model zip. <paramref name="Device"/> is never written by this version (a saved
    /// model is device-independent); zips written before it may name the training device, which loading ignores.
    /// </summary>
    internal sealed record PredictorSettings(string AtomicNumbers, string Fingerprints, string NeighborIndices, string NeighborDistances,
        int FingerprintLength, int MaxNeighbors, int PredictionBatchSize,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Device, string FeatureColumnName);

    internal EosNetPredictionTransformer(IHostEnvironment env, EosNetModel model, PredictorSettings settings, EosNetModelInfo? info = null) : base(env)
    {
        Model = new EosNetModelParameters(model, info);
        _settings = settings;
    }

    /// <summary>The trained model.</summary>
    public EosNetModelParameters Model { get; }

    /// <summary>The scoring settings this transformer saves.</summary>
    internal PredictorSettings Settings => _settings;

    /// <summary>The task.</summary>
    public ModelTask Task => Model.Architecture.Task;

    /// <summary>Predicts graphs directly, in batches; safe to call from several threads.</summary>
    public EosNetPrediction[] PredictBatch(IReadOnlyList<CrystalGraph> graphs) => Model.Model.Predict(graphs, _settings.PredictionBatchSize);


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
        return new MappingCore(Columns.Specs().ToList(), outputs, (row, idx, source) => new BatchRowFunction(row, idx, source, computation, _settings.PredictionBatchSize));
    }

    private sealed class PredictionComputation : IBatchComputation
    {
        private readonly EosNetPredictionTransformer _t;
        public PredictionComputation(EosNetPredictionTransformer t) => _t = t;

        public Func<object> CreateInputReader(DataViewRow row, int[] inputIndices)
        {
            var reader = _t.Columns.Reader(row, CrystalColumns.Id);
            return reader.Read;
        }

        public object[][] ComputeBatch(IReadOnlyList<object> inputs)
        {
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
        SaveNetwork(ctx, ModelStream);
    }


    /// <summary>Writes the network into the named binary stream of the model zip.</summary>
    internal void SaveNetwork(ModelSaveContext ctx, string streamName)
    {
        using var ms = new MemoryStream();
        Model.Model.Save(ms);
        var bytes = ms.ToArray();
        MlNetBridge.SaveBinaryStream(ctx, streamName, w => { w.Write(bytes.Length); w.Write(bytes); });
        if (Model.Info is { } info) MlNetBridge.SaveBinaryStream(ctx, InfoStreamOf(streamName), w => JsonPayload.Write(w, info));
    }

    /// <summary>The stream of a network's metadata: <see cref="InfoStream"/> for the model's own network, NAME.Info for an ensemble member's.</summary>
    private static string InfoStreamOf(string streamName) => streamName == ModelStream ? InfoStream : streamName + ".Info";

    /// <summary>Reads a transformer whose network is in the named binary stream (see <see cref="SaveNetwork"/>).</summary>
    internal static EosNetPredictionTransformer LoadNetwork(IHostEnvironment env, object ctx, string streamName, PredictorSettings settings)
    {
        EosNetModel? model = null;
        if (!MlNetBridge.TryLoadBinaryStream(ctx, streamName, r =>
            {
                int length = r.ReadInt32();
                if (length < 0 || length > 1 << 30) throw new InvalidDataException("EOSnet model stream has an invalid length");
                model = EosNetModel.Load(new MemoryStream(r.ReadBytes(length)), LoadDevice(env), "EOSnet model inside the ML.NET zip");
            }) || model is null)
            throw new InvalidDataException($"the ML.NET model has no EOSnet network stream '{streamName}'");
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
        return LoadNetwork(env, ctx, ModelStream, settings);
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
        if (disposing) Model.Model.Dispose();
        base.Dispose(disposing);
    }
}
