using System.ComponentModel;
using EOSnet.Featurization;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>Options of <see cref="PoolFingerprintsEstimator"/>.</summary>
public sealed class PoolFingerprintsOptions
{
    /// <summary>Per-atom fingerprint column (N × <see cref="FingerprintLength"/>).</summary>
    public string InputColumnName { get; set; } = CrystalColumns.AtomFingerprints;
    /// <summary>Atomic numbers column, used for the composition part.</summary>
    public string AtomicNumbersColumnName { get; set; } = CrystalColumns.AtomicNumbers;
    /// <summary>Output column: a fixed-size vector usable by FastTree, LightGbm, Sdca, ….</summary>
    public string OutputColumnName { get; set; } = CrystalColumns.Features;
    /// <summary>Fingerprint values per atom (<see cref="GomOptions.DefaultFingerprintLength"/> for the default GOM fingerprint).</summary>
    public int FingerprintLength { get; set; } = GomOptions.DefaultFingerprintLength;
    /// <summary>Append the element fractions (Z = 1…112, 112 values) to the pooled statistics.</summary>
    public bool IncludeComposition { get; set; } = true;

    /// <summary>Length of the output vector: 4 statistics (mean, std, min, max) per fingerprint value, plus 112 fractions.</summary>
    public int OutputLength => 4 * FingerprintLength + (IncludeComposition ? CompositionLength : 0);

    internal const int CompositionLength = 112;
}

/// <summary>
/// Estimator for <see cref="PoolFingerprintsTransformer"/>: turns variable-size per-atom fingerprints into a
/// fixed-length crystal vector (mean, population std, min and max over atoms of each fingerprint value, then
/// optionally the element fractions). Created by <c>mlContext.Transforms.PoolFingerprints(...)</c>.
/// </summary>
public sealed class PoolFingerprintsEstimator : FeaturizerEstimatorBase<PoolFingerprintsTransformer>
{
    private readonly IHostEnvironment _env;
    private readonly PoolFingerprintsOptions _options;

    /// <summary>Creates the estimator.</summary>
    public PoolFingerprintsEstimator(IHostEnvironment env, PoolFingerprintsOptions options)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.FingerprintLength < 1) throw new ArgumentOutOfRangeException(nameof(options), "FingerprintLength must be ≥ 1");
    }

    private protected override PoolFingerprintsTransformer CreateTransformer() => new(_env, _options);
}

/// <summary>Pools per-atom fingerprints into one fixed-length vector per crystal (see <see cref="PoolFingerprintsEstimator"/>).</summary>
public sealed class PoolFingerprintsTransformer : EosNetTransformerBase
{
    internal const string LoaderSignature = "EosNetPoolFingerprints";
    private readonly PoolFingerprintsOptions _options;

    internal PoolFingerprintsTransformer(IHostEnvironment env, PoolFingerprintsOptions options) : base(env)
    {
        _options = options;
    }

    /// <summary>The options this transformer was created with.</summary>
    public PoolFingerprintsOptions Options => _options;

    private protected override (string ModelSignature, string LoaderSignature, uint Version) SaveIdentity => ("EOSPOOLF", LoaderSignature, 0x00010001);

    private protected override void SaveParameters(ModelSaveContext ctx, BinaryWriter writer) => JsonPayload.Write(writer, _options);

    /// <summary>Loader used by ML.NET's model loading; not for direct use.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static PoolFingerprintsTransformer Create(IHostEnvironment env, object ctx)
    {
        var reader = MlNetBridge.BeginLoad(ctx, "EOSPOOLF", 0x00010001, LoaderSignature, typeof(PoolFingerprintsTransformer));
        return new PoolFingerprintsTransformer(env, JsonPayload.Read<PoolFingerprintsOptions>(reader, LoaderSignature));
    }

    private protected override MappingCore CreateCore()
    {
        var inputs = new List<InputColumnSpec>
        {
            new("fingerprint", _options.InputColumnName, NumberDataViewType.Single, ColumnKinds.AnyVector),
        };
        if (_options.IncludeComposition)
            inputs.Add(new("atomic numbers", _options.AtomicNumbersColumnName, NumberDataViewType.Int32, ColumnKinds.AnyVector));
        var outputs = new OutputColumnSpec[] { new VectorOutput<float>(_options.OutputColumnName, NumberDataViewType.Single, _options.OutputLength) };
        return new MappingCore(inputs, outputs, (row, idx, _) => new PoolFunction(row, idx, _options));
    }

    private sealed class PoolFunction : RowFunction
    {
        private readonly ValueGetter<VBuffer<float>> _fp;
        private readonly ValueGetter<VBuffer<int>>? _z;
        private readonly PoolFingerprintsOptions _o;
        private VBuffer<float> _fpBuf;
        private VBuffer<int> _zBuf;

        public PoolFunction(DataViewRow row, int[] idx, PoolFingerprintsOptions o)
        {
            _o = o;
            _fp = row.GetGetter<VBuffer<float>>(row.Schema[idx[0]]);
            if (o.IncludeComposition) _z = row.GetGetter<VBuffer<int>>(row.Schema[idx[1]]);
        }

        public override object[] Compute()
        {
            _fp(ref _fpBuf);
            var values = _fpBuf.DenseValues().ToArray();
            int f = _o.FingerprintLength;
            if (values.Length == 0 || values.Length % f != 0)
                throw new InvalidOperationException($"column '{_o.InputColumnName}' has {values.Length} values, not a positive multiple of FingerprintLength {f}");
            int n = values.Length / f;
            var result = new float[_o.OutputLength];
            FingerprintPooling.Pool(values, n, f, result);
            if (_z is not null)
            {
                _z(ref _zBuf);
                var z = _zBuf.DenseValues().ToArray();
                FingerprintPooling.Composition(z, result.AsSpan(4 * f));
            }
            return new object[] { result };
        }
    }
}
