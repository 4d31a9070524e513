using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// How a transformer computes outputs for many rows at once: <see cref="CreateInputReader"/> captures the inputs of the
/// current row of a cursor; <see cref="ComputeBatch"/> maps a batch of captured inputs to their output arrays (in
/// parallel or as one batched forward pass).
/// </summary>
internal interface IBatchComputation
{
    /// <summary>Creates a function that captures the inputs of the row's current position.</summary>
    Func<object> CreateInputReader(DataViewRow row, int[] inputIndices);

    /// <summary>Computes the outputs (one object[] per input, one entry per output column).</summary>
    object[][] ComputeBatch(IReadOnlyList<object> inputs);
}

/// <summary>
/// A row function that reads ahead: when the cursor asks for position p, a private look-ahead cursor over the same
/// source (same columns, same order) reads rows p … p + B − 1, computes them as one batch, and serves the results
/// by position. Without a source (PredictionEngine rows) each row is computed on its own.
/// </summary>
internal sealed class BatchRowFunction : RowFunction
{
    private readonly DataViewRow _row;
    private readonly IBatchComputation _computation;
    private readonly Func<object> _readCurrent;
    private readonly IDataView? _source;
    private readonly int[] _inputIndices;
    private readonly int _batchSize;
    private DataViewRowCursor? _ahead;
    private Func<object>? _readAhead;
    private long _start = -1;
    private object[][] _batch = Array.Empty<object[]>();

    public BatchRowFunction(DataViewRow row, int[] inputIndices, IDataView? source, IBatchComputation computation, int batchSize)
    {
        _row = row;
        _inputIndices = inputIndices;
        _source = source;
        _computation = computation;
        _batchSize = Math.Max(1, batchSize);
        _readCurrent = computation.CreateInputReader(row, inputIndices);
    }

    public override object[] Compute()
    {
        long p = _row.Position;
        if (_source is null || _batchSize == 1) return _computation.ComputeBatch(new[] { _readCurrent() })[0];
        if (_start >= 0 && p >= _start && p < _start + _batch.Length) return _batch[p - _start];
        EnsureAhead();
        while (_ahead!.Position < p)
            if (!_ahead.MoveNext()) return _computation.ComputeBatch(new[] { _readCurrent() })[0]; // source changed: compute alone
        if (_ahead.Position != p) return _computation.ComputeBatch(new[] { _readCurrent() })[0];
        var inputs = new List<object>(_batchSize) { _readAhead!() };
        while (inputs.Count < _batchSize && _ahead.MoveNext()) inputs.Add(_readAhead());
        _batch = _computation.ComputeBatch(inputs);
        _start = p;
        return _batch[0];
    }

    private void EnsureAhead()
    {
        if (_ahead is not null) return;
        var columns = _inputIndices.Select(i => _source!.Schema[i]).ToList();
        if (_source!.Schema.GetColumnOrNull(CrystalColumns.Id) is { } id && !columns.Contains(id)) columns.Add(id); // for error messages
        _ahead = _source!.GetRowCursor(columns);
        _readAhead = _computation.CreateInputReader(_ahead, _inputIndices);
    }

    public override void Dispose() => _ahead?.Dispose();
}
