using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace EOSnet.MLNet.Screening;

/// <summary>
/// Shard files of a screening run (<c>shard-00003-of-00016.csv|parquet</c>, written by N processes) and their merge
/// into one file in input order. The merged file is byte-identical to what a single unsharded run writes (Parquet:
/// with the same batch size, since each batch is a row group).
/// </summary>
public static class ScreeningMerge
{
    /// <summary>The file name of shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <param name="index">0-based shard.</param>
    /// <param name="count">Number of shards.</param>
    /// <param name="format">Output format.</param>
    public static string ShardFileName(int index, int count, ScreeningFormat format) =>
        string.Create(CultureInfo.InvariantCulture, $"shard-{index:D5}-of-{count:D5}.{(format == ScreeningFormat.Parquet ? "parquet" : "csv")}");

    /// <summary>Merges the complete set of shard files in <paramref name="directory"/> into <paramref name="output"/>.</summary>
    /// <param name="directory">The folder the shards wrote to.</param>
    /// <param name="output">The merged file (its extension must match the shards' format).</param>
    /// <param name="batchSize">Parquet: rows per row group, as the runs used (<see cref="ScreeningOptions.BatchSize"/>).</param>
    /// <returns>The number of rows written.</returns>
    /// <exception cref="InvalidOperationException">When shards are missing, incomplete, of mixed sets or formats.</exception>
    public static long Merge(string directory, string output, int batchSize = 1024)
    {
        var format = ScreeningWriter.FormatOf(output);
        var ext = format == ScreeningFormat.Parquet ? "parquet" : "csv";
        var shards = Directory.EnumerateFiles(directory, "shard-*-of-*." + ext).OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (shards.Count == 0) throw new InvalidOperationException($"{directory}: no shard-*-of-*.{ext} files");
        var counts = shards.Select(f => Path.GetFileNameWithoutExtension(f)[^5..]).Distinct().ToList();
        if (counts.Count != 1) throw new InvalidOperationException($"{directory}: shard files of different runs (of {string.Join(", ", counts)})");
        int n = int.Parse(counts[0], CultureInfo.InvariantCulture);
        var missing = Enumerable.Range(0, n).Where(i => !File.Exists(Path.Combine(directory, ShardFileName(i, n, format)))).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"{directory}: shard(s) {string.Join(", ", missing)} of {n} missing or not complete (rerun them; a killed shard leaves only its .partial file)");
        return format == ScreeningFormat.Parquet ? MergeParquet(shards, output, batchSize) : MergeCsv(shards, output);
    }

    private static long MergeCsv(List<string> shards, string output)
    {
        var readers = shards.Select(f => new StreamReader(f, Encoding.UTF8)).ToList();
        try
        {
            var headers = readers.Select(r => r.ReadLine()).Distinct().ToList();
            if (headers.Count != 1) throw new InvalidOperationException("the shard files have different columns");
            var queue = new PriorityQueue<(string Line, int Shard), long>();
            for (int s = 0; s < readers.Count; s++) Enqueue(queue, readers[s], s);
            long rows = 0;
            var partial = output + ".partial";
            using (var w = new StreamWriter(partial, false, new UTF8Encoding(false)) { NewLine = "\n" })
            {
                w.WriteLine(headers[0]);
                while (queue.TryDequeue(out var item, out _))
                {
                    w.WriteLine(item.Line);
                    rows++;
                    Enqueue(queue, readers[item.Shard], item.Shard);
                }
            }
            File.Move(partial, output, overwrite: true);
            return rows;
        }
        finally { foreach (var r in readers) r.Dispose(); }
    }

    private static void Enqueue(PriorityQueue<(string, int), long> queue, StreamReader reader, int shard)
    {
        var line = reader.ReadLine();
        if (line is null) return;
        int comma = line.IndexOf(',', StringComparison.Ordinal);
        queue.Enqueue((line, shard), long.Parse(line.AsSpan(0, comma), CultureInfo.InvariantCulture));
    }

    private static long MergeParquet(List<string> shards, string output, int batchSize)
    {
        var cursors = shards.Select(f => new ParquetCursor(f)).ToList();
        try
        {
            var schema = cursors[0].Schema;
            if (cursors.Any(c => !c.Schema.Equals(schema))) throw new InvalidOperationException("the shard files have different columns");
            var queue = new PriorityQueue<int, long>();
            for (int s = 0; s < cursors.Count; s++) if (cursors[s].Index is long i) queue.Enqueue(s, i);
            var partial = output + ".partial";
            long rows = 0;
            using (var stream = File.Create(partial))
            {
                var writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
                writer.CustomMetadata = new Dictionary<string, string>();
                var pending = new List<object?[]>(batchSize);
                while (queue.TryDequeue(out int s, out _))
                {
                    pending.Add(cursors[s].Take());
                    rows++;
                    if (cursors[s].Index is long next) queue.Enqueue(s, next);
                    if (pending.Count == batchSize) { WriteGroup(writer, schema, pending); pending.Clear(); }
                }
                if (pending.Count > 0) WriteGroup(writer, schema, pending);
                writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            File.Move(partial, output, overwrite: true);
            return rows;
        }
        finally { foreach (var c in cursors) c.Dispose(); }
    }

    private static void WriteGroup(ParquetWriter writer, ParquetSchema schema, List<object?[]> rows)
    {
        using var group = writer.CreateRowGroup();
        var fields = schema.DataFields;
        for (int c = 0; c < fields.Length; c++) ParquetColumns.Write(group, fields[c], rows, c);
    }

    /// <summary>Reads a shard's rows one row group at a time.</summary>
    private sealed class ParquetCursor : IDisposable
    {
        private readonly FileStream _stream;
        private readonly ParquetReader _reader;
        private int _group = -1;
        private Array[] _columns = [];
        private int _row;

        public ParquetCursor(string path)
        {
            _stream = File.OpenRead(path);
            _reader = ParquetReader.CreateAsync(_stream).GetAwaiter().GetResult();
            Schema = _reader.Schema;
            Advance();
        }

        public ParquetSchema Schema { get; }

        /// <summary>The input index of the current row, or null at the end.</summary>
        public long? Index => _group < _reader.RowGroupCount ? (long)_columns[0].GetValue(_row)! : null;

        public object?[] Take()
        {
            var row = _columns.Select(c => c.GetValue(_row)).ToArray();
            _row++;
            if (_row >= _columns[0].Length) Advance();
            return row;
        }

        private void Advance()
        {
            _row = 0;
            while (++_group < _reader.RowGroupCount)
            {
                using var g = _reader.OpenRowGroupReader(_group);
                _columns = Schema.DataFields.Select(f => ParquetColumns.Read(g, f)).ToArray();
                if (_columns[0].Length > 0) return;
            }
        }

        public void Dispose()
        {
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream.Dispose();
        }
    }
}
