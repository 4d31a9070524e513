using Microsoft.ML.Data;
using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// A row whose schema is the input schema followed by the new columns: input columns pass through, new ones are
/// computed lazily (once per row) by a <see cref="RowFunction"/>.
/// </summary>
internal sealed class MappedRow : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly Delegate?[] _getters;
    private readonly int _inputCount;
    private readonly Lazy<RowFunction> _function;

    public MappedRow(DataViewRow input, DataViewSchema schema, IReadOnlyList<OutputColumnSpec> outputs, Func<RowFunction> function, Func<int, bool> isActive)
    {
        _input = input;
        Schema = schema;
        _inputCount = input.Schema.Count;
        // Created on first use: when no output column is requested, the input columns it reads may be inactive.
        _function = new Lazy<RowFunction>(function);
        var cache = new RowValueCache(input, _function);
        _getters = new Delegate?[outputs.Count];
        for (int k = 0; k < outputs.Count; k++)
        {
            if (!isActive(_inputCount + k)) continue;
            int index = k;
            _getters[k] = outputs[k].CreateGetter(() => cache.Get(index));
        }
    }

    public override DataViewSchema Schema { get; }
    public override long Position => _input.Position;
    public override long Batch => _input.Batch;
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < _inputCount ? _input.IsColumnActive(_input.Schema[column.Index]) : _getters[column.Index - _inputCount] is not null;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _inputCount) return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        var g = _getters[column.Index - _inputCount] ?? throw new InvalidOperationException($"column '{column.Name}' is not active");
        return g as ValueGetter<TValue> ?? throw new InvalidOperationException($"column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _function.IsValueCreated) _function.Value.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A cursor over a mapped view: moves the input cursor and exposes the mapped row.</summary>
internal sealed class MappedCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly MappedRow _row;

    public MappedCursor(DataViewRowCursor input, MappedRow row)
    {
        _input = input;
        _row = row;
    }

    public override DataViewSchema Schema => _row.Schema;
    public override long Position => _input.Position;
    public override long Batch => _input.Batch;
    public override bool MoveNext() => _input.MoveNext();
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();
    public override bool IsColumnActive(DataViewSchema.Column column) => _row.IsColumnActive(column);
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _row.GetGetter<TValue>(column);

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _row.Dispose(); _input.Dispose(); }
        base.Dispose(disposing);
    }
}
