using Microsoft.ML.Data;
using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// Everything a row-mapping transformer needs once its input and output columns and its per-row function are
/// known: output schema, streaming data view, and the <see cref="IRowToRowMapper"/> used by PredictionEngine.
/// </summary>
internal sealed class MappingCore
{
    private readonly IReadOnlyList<InputColumnSpec> _inputs;
    private readonly IReadOnlyList<OutputColumnSpec> _outputs;
    private readonly Func<DataViewRow, int[], IDataView?, RowFunction> _createFunction;

    public MappingCore(IReadOnlyList<InputColumnSpec> inputs, IReadOnlyList<OutputColumnSpec> outputs,
        Func<DataViewRow, int[], IDataView?, RowFunction> createFunction)
    {
        _inputs = inputs;
        _outputs = outputs;
        _createFunction = createFunction;
    }

    public IReadOnlyList<OutputColumnSpec> Outputs => _outputs;

    public SchemaShape GetOutputShape(SchemaShape input)
    {
        foreach (var spec in _inputs) spec.Check(input);
        return SchemaShapeColumns.AddOrReplace(input, _outputs.Select(o => o.Shape));
    }

    public DataViewSchema GetOutputSchema(DataViewSchema input)
    {
        foreach (var spec in _inputs) spec.Check(input);
        var b = new DataViewSchema.Builder();
        b.AddColumns(input);
        foreach (var o in _outputs) b.AddColumn(o.Name, o.Type, o.Annotations);
        return b.ToSchema();
    }

    internal int[] InputIndices(DataViewSchema input) => _inputs.Select(s => s.Check(input)).ToArray();

    /// <summary>Input columns needed when any of the given output-schema columns is active.</summary>
    internal IEnumerable<DataViewSchema.Column> Dependencies(DataViewSchema input, DataViewSchema output, IEnumerable<DataViewSchema.Column> active)
    {
        var list = active.ToList();
        var needed = new HashSet<int>(list.Where(c => c.Index < input.Count).Select(c => c.Index));
        if (list.Any(c => c.Index >= input.Count))
            foreach (var i in InputIndices(input)) needed.Add(i);
        return needed.OrderBy(i => i).Select(i => input[i]);
    }

    internal MappedRow MapRow(DataViewRow input, DataViewSchema output, Func<int, bool> isActive, IDataView? source) =>
        new(input, output, _outputs, () => _createFunction(input, InputIndices(input.Schema), source), isActive);

    public IDataView Transform(IDataView input) => new MappedDataView(this, input);

    public IRowToRowMapper CreateMapper(DataViewSchema input) => new Mapper(this, input);

    private sealed class MappedDataView : IDataView
    {
        private readonly MappingCore _core;
        private readonly IDataView _source;

        public MappedDataView(MappingCore core, IDataView source)
        {
            _core = core;
            _source = source;
            Schema = core.GetOutputSchema(source.Schema);
        }

        public bool CanShuffle => _source.CanShuffle;
        public DataViewSchema Schema { get; }
        public long? GetRowCount() => _source.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var active = columnsNeeded.ToList();
            var deps = _core.Dependencies(_source.Schema, Schema, active);
            var cursor = _source.GetRowCursor(deps, rand);
            var activeSet = new HashSet<int>(active.Select(c => c.Index));
            var row = _core.MapRow(cursor, Schema, activeSet.Contains, rand is null ? _source : null);
            return new MappedCursor(cursor, row);
        }

        // One cursor only: the row functions may own native resources that must not be shared across threads.
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            new[] { GetRowCursor(columnsNeeded, rand) };
    }

    private sealed class Mapper : IRowToRowMapper
    {
        private readonly MappingCore _core;

        public Mapper(MappingCore core, DataViewSchema input)
        {
            _core = core;
            InputSchema = input;
            OutputSchema = core.GetOutputSchema(input);
        }

        public DataViewSchema InputSchema { get; }
        public DataViewSchema OutputSchema { get; }

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
            _core.Dependencies(InputSchema, OutputSchema, dependingColumns);

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
        {
            var set = new HashSet<int>(activeColumns.Select(c => c.Index));
            return _core.MapRow(input, OutputSchema, set.Contains, null);
        }
    }
}
