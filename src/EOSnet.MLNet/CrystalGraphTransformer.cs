using System.ComponentModel;
using EOSnet.Crystals.Neighbors;
using EOSnet.Featurization;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>Options of <see cref="CrystalGraphEstimator"/> (defaults = the EOSnet reference).</summary>
public sealed class CrystalGraphOptions : StructureFeaturizerOptions
{
    /// <summary>Output: N × MaxNeighbors neighbour indices (Int32).</summary>
    public string NeighborIndicesColumnName { get; set; } = CrystalColumns.NeighborIndices;
    /// <summary>Output: N × MaxNeighbors neighbour distances (Double, Å).</summary>
    public string NeighborDistancesColumnName { get; set; } = CrystalColumns.NeighborDistances;
    /// <summary>Neighbour radius (Å).</summary>
    public double Radius { get; set; } = GraphOptions.DefaultRadius;
    /// <summary>Neighbour slots per atom.</summary>
    public int MaxNeighbors { get; set; } = GraphOptions.DefaultMaxNeighbors;
    /// <summary>Padding rule for atoms with fewer neighbours.</summary>
    public NeighborPadding Padding { get; set; } = NeighborPadding.RepeatLast;
    /// <summary>Isolated atoms: Error or ReferencePadding (a transformer cannot drop rows; filter them beforehand).</summary>
    public IsolatedAtomPolicy IsolatedAtoms { get; set; } = IsolatedAtomPolicy.Error;

    internal GraphOptions ToGraphOptions()
    {
        if (IsolatedAtoms == IsolatedAtomPolicy.SkipStructure)
            throw new ArgumentOutOfRangeException(nameof(IsolatedAtoms), "a transformer cannot skip rows: use Error or ReferencePadding, or filter structures beforehand");
        return new GraphOptions { Radius = Radius, MaxNeighbors = MaxNeighbors, Padding = Padding, IsolatedAtoms = IsolatedAtoms }.Validate();
    }
}

/// <summary>
/// Builds the padded neighbour graph (indices and distances of each atom's MaxNeighbors nearest periodic neighbours).
/// Created by <c>mlContext.Transforms.BuildCrystalGraph(...)</c>.
/// </summary>
public sealed class CrystalGraphEstimator : FeaturizerEstimatorBase<CrystalGraphTransformer>
{
    private readonly IHostEnvironment _env;
    private readonly CrystalGraphOptions _options;

    /// <summary>Creates the estimator.</summary>
    public CrystalGraphEstimator(IHostEnvironment env, CrystalGraphOptions options)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.ToGraphOptions();
    }

    private protected override CrystalGraphTransformer CreateTransformer() => new(_env, _options);
}

/// <summary>Adds the neighbour-graph columns (see <see cref="CrystalGraphEstimator"/>).</summary>
public sealed class CrystalGraphTransformer : EosNetTransformerBase
{
    internal const string LoaderSignature = "EosNetCrystalGraph";
    private const string Signature = "EOSGRAPH";
    private readonly CrystalGraphOptions _options;
    private readonly GraphOptions _graph;

    internal CrystalGraphTransformer(IHostEnvironment env, CrystalGraphOptions options) : base(env)
    {
        _options = options;
        _graph = options.ToGraphOptions();
    }

    /// <summary>The settings (stored in saved models).</summary>
    public CrystalGraphOptions Options => _options;

    private protected override (string ModelSignature, string LoaderSignature, uint Version) SaveIdentity => (Signature, LoaderSignature, 0x00010001);

    private protected override void SaveParameters(ModelSaveContext ctx, BinaryWriter writer) => JsonPayload.Write(writer, _options);

    /// <summary>Loader used by ML.NET's model loading; not for direct use.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static CrystalGraphTransformer Create(IHostEnvironment env, object ctx) =>
        new(env, JsonPayload.Read<CrystalGraphOptions>(MlNetBridge.BeginLoad(ctx, Signature, 0x00010001, LoaderSignature, typeof(CrystalGraphTransformer)), LoaderSignature));

    private protected override MappingCore CreateCore()
    {
        var columns = _options.Columns;
        var outputs = new OutputColumnSpec[]
        {
            new VectorOutput<int>(_options.NeighborIndicesColumnName, NumberDataViewType.Int32) { Annotations = GraphAnnotation.Create(_options) },
            new VectorOutput<double>(_options.NeighborDistancesColumnName, NumberDataViewType.Double),
        };
        var computation = new ParallelCrystalComputation(columns, (c, warn) =>
        {
            var g = NeighborGraph.Build(c, PeriodicNeighborSearch.Find(c, _graph.Radius), _graph);
            foreach (var note in g.PaddingNotes(c.Id ?? "(unnamed)", _graph)) warn(note);
            return new object[] { g.Indices, g.Distances };
        }, _options.MaxDegreeOfParallelism, Environment, "BuildCrystalGraph");
        return new MappingCore(columns.Specs(), outputs, (row, idx, source) => new BatchRowFunction(row, idx, source, computation, _options.BatchSize));
    }
}
