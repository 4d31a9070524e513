using EOSnet.Crystals;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet.Internal;

/// <summary>The structure columns (lattice, atomic numbers, Cartesian positions) and how to read a crystal from a row.</summary>
internal sealed record StructureColumns(string Lattice, string AtomicNumbers, string Positions, string? Id = CrystalColumns.Id)
{
    public IReadOnlyList<InputColumnSpec> Specs() => new InputColumnSpec[]
    {
        new("lattice", Lattice, NumberDataViewType.Double, ColumnKinds.AnyVector),
        new("atomic numbers", AtomicNumbers, NumberDataViewType.Int32, ColumnKinds.AnyVector),
        new("positions", Positions, NumberDataViewType.Double, ColumnKinds.AnyVector),
    };

    /// <summary>A function capturing the crystal of the row's current position (id from the Id column when present).</summary>
    public Func<object> Reader(DataViewRow row, int[] idx)
    {
        var lat = row.GetGetter<VBuffer<double>>(row.Schema[idx[0]]);
        var z = row.GetGetter<VBuffer<int>>(row.Schema[idx[1]]);
        var pos = row.GetGetter<VBuffer<double>>(row.Schema[idx[2]]);
        ValueGetter<ReadOnlyMemory<char>>? id = null;
        if (Id is not null && row.Schema.GetColumnOrNull(Id) is { } c && c.Type is TextDataViewType && row.IsColumnActive(c))
            id = row.GetGetter<ReadOnlyMemory<char>>(c);
        VBuffer<double> lb = default, pb = default;
        VBuffer<int> zb = default;
        ReadOnlyMemory<char> ib = default;
        return () =>
        {
            lat(ref lb); z(ref zb); pos(ref pb);
            string? name = null;
            if (id is not null) { id(ref ib); name = ib.ToString(); }
            name ??= $"row {row.Position}";
            return CrystalInput.ToCrystal(lb.DenseValues().ToArray(), zb.DenseValues().ToArray(), pb.DenseValues().ToArray(), name);
        };
    }
}

/// <summary>
/// Featurizes a batch of crystals in parallel (order kept). The featurizer's warnings (sphere overflow, padded or
/// isolated atoms) go to the context's log channel (<c>MLContext.Log</c>, kind Warning), in row order, once per batch.
/// </summary>
internal sealed class ParallelCrystalComputation : IBatchComputation
{
    private readonly StructureColumns _columns;
    private readonly Func<Crystal, Action<string>, object[]> _compute;
    private readonly int _parallelism;
    private readonly IChannelProvider _log;
    private readonly string _source;

    public ParallelCrystalComputation(StructureColumns columns, Func<Crystal, Action<string>, object[]> compute, int parallelism, IChannelProvider log, string source)
    {
        _columns = columns;
        _compute = compute;
        _parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
        _log = log;
        _source = source;
    }

    public Func<object> CreateInputReader(DataViewRow row, int[] inputIndices) => _columns.Reader(row, inputIndices);

    public object[][] ComputeBatch(IReadOnlyList<object> inputs)
    {
        var results = new object[inputs.Count][];
        var warnings = new List<string>?[inputs.Count];
        void One(int i) => results[i] = _compute((Crystal)inputs[i], w => (warnings[i] ??= new List<string>()).Add(w));
        if (inputs.Count == 1 || _parallelism == 1)
            for (int i = 0; i < inputs.Count; i++) One(i);
        else
            Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, One);
        if (warnings.Any(w => w is not null))
        {
            using var ch = _log.Start(_source);
            foreach (var w in warnings.Where(w => w is not null).SelectMany(w => w!)) ch.Warning(MessageSensitivity.None, w);
        }
        return results;
    }
}
