using System.ComponentModel;
using EOSnet.Featurization;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>Options of <see cref="GomFingerprintEstimator"/> (defaults = the EOSnet reference).</summary>
public sealed class GomFingerprintOptions : StructureFeaturizerOptions
{
    /// <summary>Output column: N × FingerprintLength Single values.</summary>
    public string OutputColumnName { get; set; } = CrystalColumns.AtomFingerprints;
    /// <summary>GOM cutoff r_c (Å).</summary>
    public double Cutoff { get; set; } = GomOptions.DefaultCutoff;
    /// <summary>Values per atom.</summary>
    public int FingerprintLength { get; set; } = GomOptions.DefaultFingerprintLength;
    /// <summary>s or s+p orbitals.</summary>
    public GomOrbitals Orbitals { get; set; } = GomOrbitals.S;
    /// <summary>Largest sphere, centre included.</summary>
    public int MaxSphereSize { get; set; } = GomOptions.DefaultMaxSphereSize;
    /// <summary>Behaviour on sphere overflow.</summary>
    public SphereOverflowPolicy Overflow { get; set; } = SphereOverflowPolicy.Truncate;

    internal GomOptions ToGomOptions() => new GomOptions
    {
        Cutoff = Cutoff, FingerprintLength = FingerprintLength, Orbitals = Orbitals, MaxSphereSize = MaxSphereSize, Overflow = Overflow,
    }.Validate();
}

/// <summary>
/// Computes GOM fingerprints (eigenvalues of each atom's Gaussian overlap matrix) from the structure columns.
/// Created by <c>mlContext.Transforms.ComputeGomFingerprints(...)</c>; no training happens in Fit.
/// </summary>
public sealed class GomFingerprintEstimator : FeaturizerEstimatorBase<GomFingerprintTransformer>
{
    private readonly IHostEnvironment _env;
    private readonly GomFingerprintOptions _options;

    /// <summary>Creates the estimator.</summary>
    public GomFingerprintEstimator(IHostEnvironment env, GomFingerprintOptions options)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.ToGomOptions();
    }

    private protected override GomFingerprintTransformer CreateTransformer() => new(_env, _options);
}

/// <summary>Adds the per-atom GOM fingerprint column (see <see cref="GomFingerprintEstimator"/>).</summary>
public sealed class GomFingerprintTransformer : EosNetTransformerBase
{
    internal const string LoaderSignature = "EosNetGomFingerprint";
    private const string Signature = "EOSGOMFP";
    private readonly GomFingerprintOptions _options;
    private readonly GomFingerprint _gom;

    internal GomFingerprintTransformer(IHostEnvironment env, GomFingerprintOptions options) : base(env)
    {
        _options = options;
        _gom = new GomFingerprint(options.ToGomOptions());
    }

    /// <summary>The settings (stored in saved models).</summary>
    public GomFingerprintOptions Options => _options;

    private protected override (string ModelSignature, string LoaderSignature, uint Version) SaveIdentity => (Signature, LoaderSignature, 0x00010001);

    private protected override void SaveParameters(ModelSaveContext ctx, BinaryWriter writer) => JsonPayload.Write(writer, _options);

    /// <summary>Loader used by ML.NET's model loading; not for direct use.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GomFingerprintTransformer Create(IHostEnvironment env, object ctx) =>
        new(env, JsonPayload.Read<GomFingerprintOptions>(MlNetBridge.BeginLoad(ctx, Signature, 0x00010001, LoaderSignature, typeof(GomFingerprintTransformer)), LoaderSignature));

    private protected override MappingCore CreateCore()
    {
        var columns = _options.Columns;
        var outputs = new OutputColumnSpec[] { new VectorOutput<float>(_options.OutputColumnName, NumberDataViewType.Single) { Annotations = FingerprintAnnotation.Create(_options) } };
        var computation = new ParallelCrystalComputation(columns, (c, warn) => new object[] { _gom.Compute(c, warn: warn).ToSingle() }, _options.MaxDegreeOfParallelism, Environment, "ComputeGomFingerprints");
        return new MappingCore(columns.Specs(), outputs, (row, idx, source) => new BatchRowFunction(row, idx, source, computation, _options.BatchSize));
    }
}
