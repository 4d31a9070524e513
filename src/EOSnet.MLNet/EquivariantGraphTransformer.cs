using System.ComponentModel;
using EOSnet.Featurization;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>Options of <see cref="EquivariantGraphEstimator"/> (defaults = the v2 reference).</summary>
public sealed class EquivariantGraphOptions : StructureFeaturizerOptions
{
    /// <summary>Output: the source atom of each edge (E Int32).</summary>
    public string EdgeSourcesColumnName { get; set; } = CrystalColumns.EdgeSources;
    /// <summary>Output: the destination atom of each edge (E Int32).</summary>
    public string EdgeDestinationsColumnName { get; set; } = CrystalColumns.EdgeDestinations;
    /// <summary>Output: the edge vectors r_dst − r_src + S·L (3E Double, Å).</summary>
    public string EdgeVectorsColumnName { get; set; } = CrystalColumns.EdgeVectors;
    /// <summary>Cutoff radius (Å): every periodic neighbour strictly closer is an edge.</summary>
    public double Cutoff { get; set; } = EquivariantGraphBuilder.DefaultCutoff;

    internal void Validate()
    {
        if (!(Cutoff > 0) || double.IsInfinity(Cutoff)) throw new ArgumentOutOfRangeException(nameof(Cutoff), Cutoff, "cutoff must be a positive finite number of Å");
    }
}

/// <summary>
/// Builds the v2 (e3nn) network's edge list: every periodic neighbour within the cutoff, with its edge vector, no
/// neighbour cap and no padding (<see cref="EquivariantGraphBuilder"/>; deterministic order). Created by
/// <c>mlContext.Transforms.BuildEquivariantGraph(...)</c>.
/// </summary>
public sealed class EquivariantGraphEstimator : FeaturizerEstimatorBase<EquivariantGraphTransformer>
{
    private readonly IHostEnvironment _env;
    private readonly EquivariantGraphOptions _options;

    /// <summary>Creates the estimator.</summary>
    /// <param name="env">The ML.NET environment.</param>
    /// <param name="options">Columns, cutoff and parallelism.</param>
    public EquivariantGraphEstimator(IHostEnvironment env, EquivariantGraphOptions options)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    private protected override EquivariantGraphTransformer CreateTransformer() => new(_env, _options);
}

/// <summary>Adds the v2 edge-list columns (see <see cref="EquivariantGraphEstimator"/>).</summary>
public sealed class EquivariantGraphTransformer : EosNetTransformerBase
{
    internal const string LoaderSignature = "EosNetEquivariantGraph";
    private const string Signature = "EOSEQGRF";
    private readonly EquivariantGraphOptions _options;

    internal EquivariantGraphTransformer(IHostEnvironment env, EquivariantGraphOptions options) : base(env)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>The settings (stored in saved models).</summary>
    public EquivariantGraphOptions Options => _options;

    private protected override (string ModelSignature, string LoaderSignature, uint Version) SaveIdentity => (Signature, LoaderSignature, 0x00010001);

    private protected override void SaveParameters(ModelSaveContext ctx, BinaryWriter writer) => JsonPayload.Write(writer, _options);

    /// <summary>Loader used by ML.NET's model loading; not for direct use.</summary>
    /// <param name="env">The loading environment.</param>
    /// <param name="ctx">ML.NET's model load context.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static EquivariantGraphTransformer Create(IHostEnvironment env, object ctx) =>
        new(env, JsonPayload.Read<EquivariantGraphOptions>(MlNetBridge.BeginLoad(ctx, Signature, 0x00010001, LoaderSignature, typeof(EquivariantGraphTransformer)), LoaderSignature));

    private protected override MappingCore CreateCore()
    {
        var columns = _options.Columns;
        var outputs = new OutputColumnSpec[]
        {
            new VectorOutput<int>(_options.EdgeSourcesColumnName, NumberDataViewType.Int32) { Annotations = EquivariantGraphAnnotation.Create(_options.Cutoff) },
            new VectorOutput<int>(_options.EdgeDestinationsColumnName, NumberDataViewType.Int32),
            new VectorOutput<double>(_options.EdgeVectorsColumnName, NumberDataViewType.Double),
        };
        double cutoff = _options.Cutoff;
        var computation = new ParallelCrystalComputation(columns, (c, _) =>
        {
            var g = EquivariantGraphBuilder.Build(c, cutoff);
            return new object[] { g.Sources, g.Destinations, g.Vectors };
        }, _options.MaxDegreeOfParallelism, Environment, "BuildEquivariantGraph");
        return new MappingCore(columns.Specs(), outputs, (row, idx, source) => new BatchRowFunction(row, idx, source, computation, _options.BatchSize));
    }
}
