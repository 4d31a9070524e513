using EOSnet.Crystals;
using Microsoft.ML;
using Microsoft.ML.Data;

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

/// <summary>Featurizes a batch of crystals in parallel (order kept).</summary>
internal sealed class ParallelCrystalComputation : IBatchComputation
{
    private readonly StructureColumns _columns;
    private readonly Func<Crystal, object[]> _compute;
    private readonly int _parallelism;

    public ParallelCrystalComputation(StructureColumns columns, Func<Crystal, object[]> compute, int parallelism)
    {
        _columns = columns;
        _compute = compute;
        _parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
    }

    public Func<object> CreateInputReader(DataViewRow row, int[] inputIndices) => _columns.Reader(row, inputIndices);

    public object[][] ComputeBatch(IReadOnlyList<object> inputs)
    {
        var results = new object[inputs.Count][];
        if (inputs.Count == 1 || _parallelism == 1)
        {
            for (int i = 0; i < inputs.Count; i++) results[i] = _compute((Crystal)inputs[i]);
            return results;
        }
        Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, i => results[i] = _compute((Crystal)inputs[i]));
        return results;
    }
}
