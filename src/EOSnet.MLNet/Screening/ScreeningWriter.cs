using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace EOSnet.MLNet.Screening;

/// <summary>The output format of a screening run.</summary>
public enum ScreeningFormat
{
    /// <summary>Comma-separated values with a header row.</summary>
    Csv,
    /// <summary>Apache Parquet, one row group per batch.</summary>
    Parquet,
}

/// <summary>
/// Writes screening rows incrementally and atomically: to <c>PATH.partial</c>, renamed to PATH by
/// <see cref="Complete"/>, so a killed run never leaves a half-written file under the final name (a rerun redoes it).
/// Columns: <c>index, id, status, reason</c>, then per model <c>prediction</c>, <c>probability</c> (classifiers) and
/// <c>uncertainty</c> (ensembles), prefixed with the model's name and '_' when there is more than one model.
/// </summary>
public abstract class ScreeningWriter : IDisposable
{
    private bool _completed;

    /// <summary>Creates the writer for <paramref name="path"/>.</summary>
    /// <param name="path">The final file.</param>
    /// <param name="modelNames">The models' names, in order.</param>
    /// <param name="columns">Each model's optional columns.</param>
    protected ScreeningWriter(string path, IReadOnlyList<string> modelNames, IReadOnlyList<ScreeningColumns> columns)
    {
        ArgumentNullException.ThrowIfNull(modelNames);
        ArgumentNullException.ThrowIfNull(columns);
        Path = path;
        PartialPath = path + ".partial";
        Columns = ColumnNames(modelNames, columns);
    }

    /// <summary>The final file.</summary>
    public string Path { get; }
    /// <summary>The file written until <see cref="Complete"/>.</summary>
    public string PartialPath { get; }
    /// <summary>The value columns after index, id, status, reason: (name, model, kind) with kind 0 prediction, 1 probability, 2 uncertainty.</summary>
    private protected IReadOnlyList<(string Name, int Model, int Kind)> Columns { get; }

    /// <summary>Opens a writer of the format <paramref name="format"/> (or, when null, of the file's extension).</summary>
    /// <param name="path">The output file (.csv or .parquet).</param>
    /// <param name="modelNames">The models' names, in order.</param>
    /// <param name="columns">Each model's optional columns (<see cref="StructureScreening.Columns"/>).</param>
    /// <param name="format">The format; null: from the extension.</param>
    public static ScreeningWriter Open(string path, IReadOnlyList<string> modelNames, IReadOnlyList<ScreeningColumns> columns, ScreeningFormat? format = null)
    {
        format ??= FormatOf(path);
        return format == ScreeningFormat.Parquet ? new ParquetScreeningWriter(path, modelNames, columns) : new CsvScreeningWriter(path, modelNames, columns);
    }

    /// <summary>The format a file name implies: .parquet → Parquet, anything else CSV.</summary>
    /// <param name="path">A file name.</param>
    public static ScreeningFormat FormatOf(string path) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ScreeningFormat.Parquet : ScreeningFormat.Csv;

    /// <summary>Writes one batch of rows (in input order).</summary>
    /// <param name="rows">The rows.</param>
    public abstract void Write(IReadOnlyList<ScreeningRow> rows);

    /// <summary>Flushes and closes the partial file and renames it to <see cref="Path"/>.</summary>
    public void Complete()
    {
        Close();
        File.Move(PartialPath, Path, overwrite: true);
        _completed = true;
    }

    /// <summary>Closes the underlying file.</summary>
    private protected abstract void Close();

    /// <summary>The value of one column of a row (NaN when the row has no values).</summary>
    private protected static float Value(ScreeningRow row, (string Name, int Model, int Kind) column)
    {
        if (row.Values.Count == 0) return float.NaN;
        var v = row.Values[column.Model];
        return column.Kind switch { 0 => v.Prediction, 1 => v.Probability, _ => v.Uncertainty };
    }

    private static List<(string, int, int)> ColumnNames(IReadOnlyList<string> names, IReadOnlyList<ScreeningColumns> columns)
    {
        var list = new List<(string, int, int)>();
        for (int m = 0; m < names.Count; m++)
        {
            string prefix = names.Count == 1 ? "" : names[m] + "_";
            list.Add((prefix + "prediction", m, 0));
            if (columns[m].Probability) list.Add((prefix + "probability", m, 1));
            if (columns[m].Uncertainty) list.Add((prefix + "uncertainty", m, 2));
        }
        return list;
    }

    /// <summary>Closes the file; an incomplete run keeps its partial file, never the final name.</summary>
    public void Dispose()
    {
        if (!_completed) Close();
        GC.SuppressFinalize(this);
    }
}

/// <summary>CSV output (invariant culture, round-trip floats, empty for NaN).</summary>
internal sealed class CsvScreeningWriter : ScreeningWriter
{
    private StreamWriter? _writer;

    public CsvScreeningWriter(string path, IReadOnlyList<string> modelNames, IReadOnlyList<ScreeningColumns> columns) : base(path, modelNames, columns)
    {
        _writer = new StreamWriter(PartialPath, false, new UTF8Encoding(false)) { NewLine = "\n" };
        _writer.WriteLine(string.Join(',', new[] { "index", "id", "status", "reason" }.Concat(Columns.Select(c => c.Name))));
    }

    public override void Write(IReadOnlyList<ScreeningRow> rows)
    {
        var w = _writer ?? throw new ObjectDisposedException(nameof(CsvScreeningWriter));
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            sb.Clear();
            sb.Append(row.Index.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Escape(row.Id)).Append(',').Append(row.Status).Append(',').Append(Escape(row.Reason));
            foreach (var c in Columns)
            {
                float v = Value(row, c);
                sb.Append(',');
                if (!float.IsNaN(v)) sb.Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            w.WriteLine(sb.ToString());
        }
    }

    private protected override void Close()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>RFC 4180 quoting when the text has a comma, a quote or a line break.</summary>
    internal static string Escape(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>Parquet output: one row group per batch; NaN values are nulls.</summary>
internal sealed class ParquetScreeningWriter : ScreeningWriter
{
    private readonly ParquetSchema _schema;
    private FileStream? _stream;
    private ParquetWriter? _writer;

    public ParquetScreeningWriter(string path, IReadOnlyList<string> modelNames, IReadOnlyList<ScreeningColumns> columns) : base(path, modelNames, columns)
    {
        var fields = new List<Field> { new DataField<long>("index"), new DataField<string>("id"), new DataField<string>("status"), new DataField<string>("reason") };
        fields.AddRange(Columns.Select(c => new DataField<float?>(c.Name)));
        _schema = new ParquetSchema(fields);
        _stream = File.Create(PartialPath);
        _writer = ParquetWriter.CreateAsync(_schema, _stream).GetAwaiter().GetResult();
    }

    public override void Write(IReadOnlyList<ScreeningRow> rows)
    {
        if (rows.Count == 0) return;
        var writer = _writer ?? throw new ObjectDisposedException(nameof(ParquetScreeningWriter));
        var fields = _schema.DataFields;
        using var group = writer.CreateRowGroup();
        ParquetColumns.Write(group, fields[0], rows.Select(r => r.Index).ToArray());
        ParquetColumns.Write(group, fields[1], rows.Select(r => (string?)r.Id).ToArray());
        ParquetColumns.Write(group, fields[2], rows.Select(r => (string?)r.Status).ToArray());
        ParquetColumns.Write(group, fields[3], rows.Select(r => (string?)r.Reason).ToArray());
        for (int c = 0; c < Columns.Count; c++)
        {
            var column = Columns[c];
            ParquetColumns.Write(group, fields[4 + c], rows.Select(r => Value(r, column) is var v && float.IsNaN(v) ? (float?)null : v).ToArray());
        }
    }

    private protected override void Close()
    {
        _writer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _writer = null;
        _stream?.Dispose();
        _stream = null;
    }
}

/// <summary>The three column types of screening files, written and read synchronously through Parquet.Net's async API.</summary>
internal static class ParquetColumns
{
    public static void Write(ParquetRowGroupWriter group, DataField field, long[] values) =>
        group.WriteAsync<long>(field, values.AsMemory()).GetAwaiter().GetResult();

    public static void Write(ParquetRowGroupWriter group, DataField field, string?[] values) =>
        group.WriteAsync(field, (IReadOnlyCollection<string>)values!).GetAwaiter().GetResult();

    public static void Write(ParquetRowGroupWriter group, DataField field, float?[] values) =>
        group.WriteAsync<float>(field, (ReadOnlyMemory<float?>)values.AsMemory()).GetAwaiter().GetResult();

    /// <summary>Writes one column of a merged row group from boxed values.</summary>
    public static void Write(ParquetRowGroupWriter group, DataField field, List<object?[]> rows, int column)
    {
        if (field.ClrType == typeof(long)) Write(group, field, rows.Select(r => (long)r[column]!).ToArray());
        else if (field.ClrType == typeof(float)) Write(group, field, rows.Select(r => (float?)r[column]).ToArray());
        else Write(group, field, rows.Select(r => (string?)r[column]).ToArray());
    }

    /// <summary>A whole column of a row group, as long[], float?[] or (any other type: text) string?[].</summary>
    public static Array Read(ParquetRowGroupReader group, DataField field)
    {
        int n = checked((int)group.RowCount);
        if (field.ClrType == typeof(long))
        {
            var longs = new long[n];
            group.ReadAsync<long>(field, longs.AsMemory()).AsTask().GetAwaiter().GetResult();
            return longs;
        }
        if (field.ClrType == typeof(float))
        {
            var floats = new float?[n];
            group.ReadAsync<float>(field, floats.AsMemory()).AsTask().GetAwaiter().GetResult();
            return floats;
        }
        var values = new string?[n];
        group.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        return values;
    }
}
