using EOSnet.Featurization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Internal;

/// <summary>The four featurized columns of a crystal graph and how to read them into <see cref="CrystalGraph"/>s.</summary>
internal sealed record GraphColumns(string AtomicNumbers, string Fingerprints, string NeighborIndices, string NeighborDistances, int FingerprintLength, int MaxNeighbors)
{
    public IEnumerable<InputColumnSpec> Specs()
    {
        yield return new("atomic numbers", AtomicNumbers, NumberDataViewType.Int32, ColumnKinds.AnyVector);
        yield return new("fingerprint", Fingerprints, NumberDataViewType.Single, ColumnKinds.AnyVector);
        yield return new("neighbour indices", NeighborIndices, NumberDataViewType.Int32, ColumnKinds.AnyVector);
        yield return new("neighbour distances", NeighborDistances, NumberDataViewType.Double, ColumnKinds.AnyVector);
    }

    /// <summary>A reader bound to one row: call <see cref="GraphRowReader.Read"/> at each position.</summary>
    public GraphRowReader Reader(DataViewRow row, string? idColumn = null)
    {
        var s = row.Schema;
        return new GraphRowReader(this,
            row.GetGetter<VBuffer<int>>(s[AtomicNumbers]),
            row.GetGetter<VBuffer<float>>(s[Fingerprints]),
            row.GetGetter<VBuffer<int>>(s[NeighborIndices]),
            row.GetGetter<VBuffer<double>>(s[NeighborDistances]),
            idColumn is not null && s.GetColumnOrNull(idColumn) is { } c && c.Type is TextDataViewType && row.IsColumnActive(c) ? row.GetGetter<ReadOnlyMemory<char>>(c) : null);
    }
}

/// <summary>Reads the graph of the row's current position (copies the buffers: the result may be kept).</summary>
internal sealed class GraphRowReader
{
    private readonly GraphColumns _cols;
    private readonly ValueGetter<VBuffer<int>> _z;
    private readonly ValueGetter<VBuffer<float>> _fp;
    private readonly ValueGetter<VBuffer<int>> _idx;
    private readonly ValueGetter<VBuffer<double>> _dist;
    private readonly ValueGetter<ReadOnlyMemory<char>>? _id;
    private VBuffer<int> _zb, _ib;
    private VBuffer<float> _fb;
    private VBuffer<double> _db;
    private ReadOnlyMemory<char> _idb;

    public GraphRowReader(GraphColumns cols, ValueGetter<VBuffer<int>> z, ValueGetter<VBuffer<float>> fp, ValueGetter<VBuffer<int>> idx,
        ValueGetter<VBuffer<double>> dist, ValueGetter<ReadOnlyMemory<char>>? id)
    {
        _cols = cols; _z = z; _fp = fp; _idx = idx; _dist = dist; _id = id;
    }

    public CrystalGraph Read()
    {
        _z(ref _zb); _idx(ref _ib); _dist(ref _db);
        // FingerprintLength 0 = element one-hot only (the ablation baseline): the fingerprint column is not read.
        float[] fp = Array.Empty<float>();
        if (_cols.FingerprintLength > 0) { _fp(ref _fb); fp = _fb.DenseValues().ToArray(); }
        string? id = null;
        if (_id is not null) { _id(ref _idb); id = _idb.ToString(); }
        var g = new CrystalGraph(id, _zb.DenseValues().ToArray(), fp, _cols.FingerprintLength,
            _ib.DenseValues().ToArray(), _db.DenseValues().ToArray(), _cols.MaxNeighbors);
        try { return g.Validate(); }
        catch (ArgumentException e) { throw new InvalidOperationException($"row {id ?? "?"}: the featurized columns are inconsistent ({e.Message}); were they produced with the same FingerprintLength/MaxNeighbors?", e); }
    }
}
