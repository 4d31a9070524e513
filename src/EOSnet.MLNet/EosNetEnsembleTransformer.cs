using System.ComponentModel;
using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>
/// A trained deep ensemble of EOSnet models as one ML.NET transformer (saved into one model zip). Regression adds
/// <c>Score</c> (the members' mean) and <c>Uncertainty</c> (their sample standard deviation, N − 1); binary
/// classification adds <c>Probability</c> (the members' mean probability), <c>Score</c> (its logit),
/// <c>PredictedLabel</c> (mean probability &gt; 0.5) and <c>Uncertainty</c> (the standard deviation of the members'
/// probabilities). Works with Transform, PredictionEngine and Model.Save/Load.
/// </summary>
public sealed class EosNetEnsembleTransformer : EosNetTransformerBase
{
    internal const string LoaderSignature = "EosNetEnsemble";
    private const string Signature = "EOSNETEN";
    private const uint FormatVersion = 0x00010001;
    private readonly EosNetPredictionTransformer[] _members;

    internal EosNetEnsembleTransformer(IHostEnvironment env, IReadOnlyList<EosNetPredictionTransformer> members) : base(env)
    {
        if (members.Count == 0) throw new ArgumentException("an ensemble needs at least one member", nameof(members));
        if (members.Any(m => m.Task != members[0].Task)) throw new ArgumentException("the members of an ensemble must share one task", nameof(members));
        if (members.Any(m => m.Network != members[0].Network)) throw new ArgumentException("the members of an ensemble must share one network (v1 or v2)", nameof(members));
        _members = members.ToArray();
    }

    /// <summary>The members, in seed order (owned by the ensemble: disposed with it).</summary>
    public IReadOnlyList<EosNetPredictionTransformer> Members => _members;

    /// <summary>The task.</summary>
    public ModelTask Task => _members[0].Task;

    /// <summary>Predicts graphs directly with every member, in batches; safe to call from several threads.</summary>
    /// <param name="graphs">The crystal graphs.</param>
    public EosNetEnsemblePrediction[] PredictBatch(IReadOnlyList<CrystalGraph> graphs)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        return Combine(graphs.Count, _members.Select(m => m.PredictBatch(graphs).Select(p => (double)(Task == ModelTask.Regression ? p.Value : p.Probability)).ToArray()).ToArray());
    }

    /// <summary>Predicts v2 samples with every member (a v2 ensemble): the mean and spread of their values.</summary>
    /// <param name="samples">v2 inputs (e.g. <see cref="Model.Equivariant.EquivariantSample.FromCrystal"/>).</param>
    public EosNetEnsemblePrediction[] PredictBatch(IReadOnlyList<Model.Equivariant.EquivariantSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return Combine(samples.Count, _members.Select(m => m.PredictBatch(samples)).ToArray());
    }

    /// <summary>The network of the members.</summary>
    public NetworkKind Network => _members[0].Network;

    /// <summary>The ensemble's predictions from each member's values (regression: the score; binary: the probability).</summary>
    private EosNetEnsemblePrediction[] Combine(int count, double[][] perMember)
    {
        var values = new double[perMember.Length];
        var result = new EosNetEnsemblePrediction[count];
        for (int i = 0; i < result.Length; i++)
        {
            for (int k = 0; k < values.Length; k++) values[k] = perMember[k][i];
            var (mean, spread) = MeanAndSpread(values);
            float m = (float)mean;
            result[i] = Task == ModelTask.Regression
                ? new EosNetEnsemblePrediction(m, float.NaN, (float)spread)
                : new EosNetEnsemblePrediction(MathF.Log(MathF.Max(m, 1e-7f) / MathF.Max(1 - m, 1e-7f)), m, (float)spread);
        }
        return result;
    }

    /// <summary>Mean and sample standard deviation (N − 1; 0 for one value), summed in order.</summary>
    internal static (double Mean, double Spread) MeanAndSpread(IReadOnlyList<double> values)
    {
        double sum = 0;
        for (int k = 0; k < values.Count; k++) sum += values[k];
        double mean = sum / values.Count;
        if (values.Count < 2) return (mean, 0);
        double ss = 0;
        for (int k = 0; k < values.Count; k++) ss += (values[k] - mean) * (values[k] - mean);
        return (mean, Math.Sqrt(ss / (values.Count - 1)));
    }

    private protected override MappingCore CreateCore()
    {
        var score = new ScalarOutput<float>(CrystalColumns.Score, NumberDataViewType.Single);
        var uncertainty = new ScalarOutput<float>(CrystalColumns.Uncertainty, NumberDataViewType.Single);
        var outputs = Task == ModelTask.Regression
            ? new OutputColumnSpec[] { score, uncertainty }
            : new OutputColumnSpec[]
            {
                score,
                new ScalarOutput<float>(CrystalColumns.Probability, NumberDataViewType.Single),
                new ScalarOutput<bool>(CrystalColumns.PredictedLabel, BooleanDataViewType.Instance),
                uncertainty,
            };
        var computation = new EnsembleComputation(this);
        int batch = _members[0].Settings.PredictionBatchSize;
        return new MappingCore(_members[0].InputSpecs, outputs, (row, idx, source) => new BatchRowFunction(row, idx, source, computation, batch));
    }

    private sealed class EnsembleComputation : IBatchComputation
    {
        private readonly EosNetEnsembleTransformer _t;
        public EnsembleComputation(EosNetEnsembleTransformer t) => _t = t;

        public Func<object> CreateInputReader(DataViewRow row, int[] inputIndices) => _t._members[0].InputReader(row);

        public object[][] ComputeBatch(IReadOnlyList<object> inputs) =>
            (_t.Network == NetworkKind.V2 ? _t.PredictBatch(inputs.Cast<Model.Equivariant.EquivariantSample>().ToList()) : _t.PredictBatch(inputs.Cast<CrystalGraph>().ToList())).Select(p => _t.Task == ModelTask.Regression
                ? new object[] { p.Score, p.Uncertainty }
                : new object[] { p.Score, p.Probability, p.Probability > 0.5f, p.Uncertainty }).ToArray();
    }

    private protected override (string ModelSignature, string LoaderSignature, uint Version) SaveIdentity => (Signature, LoaderSignature, FormatVersion);

    private protected override void SaveParameters(ModelSaveContext ctx, BinaryWriter writer)
    {
        JsonPayload.Write(writer, _members.Select(m => m.Settings).ToArray());
        for (int k = 0; k < _members.Length; k++) _members[k].SaveNetwork(ctx, MemberStream(k));
    }

    private static string MemberStream(int k) => $"EosNetMember{k}";

    /// <summary>Loader used by ML.NET's model loading; not for direct use.</summary>
    /// <param name="env">The ML.NET environment.</param>
    /// <param name="ctx">ML.NET's model load context.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static EosNetEnsembleTransformer Create(IHostEnvironment env, object ctx)
    {
        var reader = MlNetBridge.BeginLoad(ctx, Signature, FormatVersion, LoaderSignature, typeof(EosNetEnsembleTransformer));
        var settings = JsonPayload.Read<EosNetPredictionTransformer.PredictorSettings[]>(reader, LoaderSignature);
        if (settings.Length == 0) throw new InvalidDataException("the EOSnet ensemble in the ML.NET zip has no members");
        var members = new List<EosNetPredictionTransformer>();
        try
        {
            for (int k = 0; k < settings.Length; k++) members.Add(EosNetPredictionTransformer.LoadNetwork(env, ctx, MemberStream(k), settings[k]));
            return new EosNetEnsembleTransformer(env, members);
        }
        catch
        {
            foreach (var m in members) m.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) foreach (var m in _members) m.Dispose();
        base.Dispose(disposing);
    }
}
