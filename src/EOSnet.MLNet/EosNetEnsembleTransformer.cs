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
/// probabilities). Works with Transform, PredictionEngine and Model.Save/Load. The members may mix networks (a v1 + v2
/// ensemble): it then reads the columns of both, and each member its own; members reading the same columns share
/// one read.
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
        _members = members.ToArray();
        // Members reading the same columns (same network, column names and v2 cutoff) share one input reader.
        var keys = _members.Select(InputKey).ToArray();
        _readers = keys.Select((key, k) => k).Where(k => Array.IndexOf(keys, keys[k]) == k).ToArray();
        _inputOf = keys.Select(key => Array.FindIndex(_readers, owner => keys[owner] == key)).ToArray();
    }

    /// <summary>Members whose input readers are used (one per distinct input), in member order.</summary>
    private readonly int[] _readers;

    /// <summary>For each member, the index into <see cref="_readers"/> of the input it reads.</summary>
    private readonly int[] _inputOf;

    private static string InputKey(EosNetPredictionTransformer m) =>
        FormattableString.Invariant($"{m.Network}|{m.Settings.Cutoff}|{string.Join(",", m.InputSpecs.Select(s => s.Name))}");

    /// <summary>The members, recipe by recipe, each in seed order (owned by the ensemble: disposed with it).</summary>
    public IReadOnlyList<EosNetPredictionTransformer> Members => _members;

    /// <summary>The task.</summary>
    public ModelTask Task => _members[0].Task;

    /// <summary>Predicts graphs directly with every member, in batches; safe to call from several threads.</summary>
    /// <param name="graphs">The crystal graphs.</param>
    /// <exception cref="InvalidOperationException">The ensemble has v2 members (use <see cref="PredictBatch(IReadOnlyList{CrystalGraph}, IReadOnlyList{Model.Equivariant.EquivariantSample})"/>).</exception>
    public EosNetEnsemblePrediction[] PredictBatch(IReadOnlyList<CrystalGraph> graphs)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        return PredictBatch(graphs, null);
    }

    /// <summary>Predicts v2 samples with every member (a v2 ensemble): the mean and spread of their values.</summary>
    /// <param name="samples">v2 inputs (e.g. <see cref="Model.Equivariant.EquivariantSample.FromCrystal"/>).</param>
    /// <exception cref="InvalidOperationException">The ensemble has v1 members (use <see cref="PredictBatch(IReadOnlyList{CrystalGraph}, IReadOnlyList{Model.Equivariant.EquivariantSample})"/>).</exception>
    public EosNetEnsemblePrediction[] PredictBatch(IReadOnlyList<Model.Equivariant.EquivariantSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return PredictBatch(null, samples);
    }

    /// <summary>
    /// Predicts the same crystals with every member of a mixed ensemble: v1 members read <paramref name="graphs"/>, v2
    /// members <paramref name="samples"/> (item i of both must be crystal i; the v2 samples built with the members'
    /// cutoff). Either may be null when no member needs it.
    /// </summary>
    /// <param name="graphs">v1 crystal graphs, or null.</param>
    /// <param name="samples">v2 inputs, or null.</param>
    /// <exception cref="InvalidOperationException">A member's network has no input.</exception>
    public EosNetEnsemblePrediction[] PredictBatch(IReadOnlyList<CrystalGraph>? graphs, IReadOnlyList<Model.Equivariant.EquivariantSample>? samples)
    {
        if (graphs is not null && samples is not null && graphs.Count != samples.Count)
            throw new ArgumentException($"{graphs.Count} graphs but {samples.Count} v2 samples: both must hold the same crystals", nameof(samples));
        int count = (graphs?.Count ?? samples?.Count) ?? throw new ArgumentNullException(nameof(graphs), "no inputs");
        return Combine(count, _members.Select(m => Values(m, (m.Network == NetworkKind.V2 ? samples : (IReadOnlyList<object>?)graphs) ?? throw MissingInput(m.Network))).ToArray());
    }

    /// <summary>A member's values (regression: the score; binary: the probability) for its inputs (graphs or v2 samples).</summary>
    private double[] Values(EosNetPredictionTransformer member, IReadOnlyList<object> inputs) => member.Network == NetworkKind.V2
        ? member.PredictBatch(inputs.Cast<Model.Equivariant.EquivariantSample>().ToList())
        : member.PredictBatch(inputs.Cast<CrystalGraph>().ToList()).Select(p => (double)(Task == ModelTask.Regression ? p.Value : p.Probability)).ToArray();

    private static InvalidOperationException MissingInput(NetworkKind network) => new(network == NetworkKind.V2
        ? "this ensemble has v2 (e3nn) members: they read EquivariantSamples, not CrystalGraphs; pass both (PredictBatch(graphs, samples)) or use Transform/PredictionEngine"
        : "this ensemble has v1 members: they read CrystalGraphs, not EquivariantSamples; pass both (PredictBatch(graphs, samples)) or use Transform/PredictionEngine");

    /// <summary>The networks of the members, each once, in member order (two for a mixed v1 + v2 ensemble).</summary>
    public IReadOnlyList<NetworkKind> Networks => _members.Select(m => m.Network).Distinct().ToList();

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
        var inputs = _readers.SelectMany(k => _members[k].InputSpecs).Distinct().ToList();
        return new MappingCore(inputs, outputs, (row, idx, source) => new BatchRowFunction(row, idx, source, computation, batch));
    }

    private sealed class EnsembleComputation : IBatchComputation
    {
        private readonly EosNetEnsembleTransformer _t;
        public EnsembleComputation(EosNetEnsembleTransformer t) => _t = t;

        /// <summary>Reads each distinct input of the members (an object[] with one entry per reader).</summary>
        public Func<object> CreateInputReader(DataViewRow row, int[] inputIndices)
        {
            var readers = _t._readers.Select(k => _t._members[k].InputReader(row)).ToArray();
            return () => readers.Select(read => read()).ToArray();
        }

        public object[][] ComputeBatch(IReadOnlyList<object> inputs)
        {
            var rows = inputs.Cast<object[]>().ToList();
            var values = _t._members.Select((m, k) => _t.Values(m, rows.Select(r => r[_t._inputOf[k]]).ToList())).ToArray();
            return _t.Combine(rows.Count, values).Select(p => _t.Task == ModelTask.Regression
                ? new object[] { p.Score, p.Uncertainty }
                : new object[] { p.Score, p.Probability, p.Probability > 0.5f, p.Uncertainty }).ToArray();
        }
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
