using System.Text.Json;

namespace EOSnet.Crystals.IO;

/// <summary>
/// Streams a Matbench-format dataset (<c>.json</c> or <c>.json.gz</c>, pandas "split" orientation:
/// {"index": [...], "columns": ["structure", target], "data": [[structure dict, target], ...]}) one record at a
/// time. Targets: numbers, or true/false → 1/0; null → no target.
/// </summary>
public sealed class MatbenchJsonReader
{
    /// <summary>Creates a reader for a file.</summary>
    public MatbenchJsonReader(string path, DisorderPolicy disorder = DisorderPolicy.Error)
    {
        Path = path;
        Disorder = disorder;
    }

    /// <summary>The file.</summary>
    public string Path { get; }
    /// <summary>Handling of disordered sites.</summary>
    public DisorderPolicy Disorder { get; }
    /// <summary>The target column name, known once reading has passed "columns".</summary>
    public string? TargetName { get; private set; }

    /// <summary>Reads all records lazily (each enumeration re-reads the file).</summary>
    public IEnumerable<CrystalRecord> Read()
    {
        using var stream = InputFile.Open(Path);
        var scanner = new JsonValueScanner(stream);
        List<string>? ids = null;
        int structureColumn = 0, targetColumn = 1;
        bool first = true;
        while (true)
        {
            string? key;
            try { key = scanner.NextKey(ref first); }
            catch (FormatException e) { throw new StructureFormatException(Path, null, null, $"not a Matbench JSON file ({e.Message})", e); }
            if (key is null) yield break;
            switch (key)
            {
                case "index":
                    ids = Strings(ParseValue(scanner, "index"), "index", e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText());
                    break;
                case "columns":
                    var cols = Strings(ParseValue(scanner, "columns"), "columns", e => e.GetString() ?? "");
                    structureColumn = cols.IndexOf("structure");
                    if (structureColumn < 0) throw new StructureFormatException(Path, null, null, "no 'structure' column");
                    targetColumn = cols.Count > 1 ? (structureColumn == 0 ? 1 : 0) : -1;
                    TargetName = targetColumn >= 0 ? cols[targetColumn] : null;
                    break;
                case "data":
                    int row = 0;
                    IEnumerator<byte[]> rows;
                    try { rows = scanner.ReadArrayElements().GetEnumerator(); }
                    catch (FormatException e) { throw new StructureFormatException(Path, null, null, e.Message, e); }
                    while (true)
                    {
                        bool has;
                        try { has = rows.MoveNext(); }
                        catch (FormatException e) { throw new StructureFormatException(Path, ids is not null && row < ids.Count ? ids[row] : $"row {row}", null, e.Message, e); }
                        if (!has) break;
                        string id = ids is not null && row < ids.Count ? ids[row] : row.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        yield return ParseRow(rows.Current, id, structureColumn, targetColumn);
                        row++;
                    }
                    if (ids is not null && row != ids.Count)
                        throw new StructureFormatException(Path, null, null, $"'index' has {ids.Count} ids but 'data' has {row} rows");
                    break;
                default:
                    scanner.ReadValue();
                    break;
            }
        }
    }

    /// <summary>The values of a JSON array as strings; invalid UTF-8 or a non-array is a format error naming the key.</summary>
    private List<string> Strings(JsonElement array, string key, Func<JsonElement, string> read)
    {
        try { return array.EnumerateArray().Select(read).ToList(); }
        catch (InvalidOperationException e) { throw new StructureFormatException(Path, key, null, $"invalid '{key}' array: {e.Message}", e); }
    }

    private JsonElement ParseValue(JsonValueScanner scanner, string key)
    {
        try
        {
            using var doc = JsonDocument.Parse(scanner.ReadValue());
            return doc.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or FormatException) { throw new StructureFormatException(Path, key, null, $"invalid JSON in '{key}': {e.Message}", e); }
    }

    private CrystalRecord ParseRow(byte[] bytes, string id, int structureColumn, int targetColumn)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes); }
        catch (JsonException e) { throw new StructureFormatException(Path, id, null, $"invalid JSON row: {e.Message}", e); }
        using (doc)
        {
            var row = doc.RootElement;
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() <= structureColumn)
                throw new StructureFormatException(Path, id, null, "a data row must be an array [structure, target]");
            var crystal = PymatgenStructureJson.Parse(row[structureColumn], id, Path, id, Disorder);
            double? target = null;
            if (targetColumn >= 0 && row.GetArrayLength() > targetColumn)
            {
                var t = row[targetColumn];
                target = t.ValueKind switch
                {
                    JsonValueKind.Number => t.GetDouble(),
                    JsonValueKind.True => 1.0,
                    JsonValueKind.False => 0.0,
                    JsonValueKind.Null => null,
                    _ => throw new StructureFormatException(Path, id, null, $"target '{t.GetRawText()}' is not a number or boolean"),
                };
                if (target is double v && !double.IsFinite(v)) throw new StructureFormatException(Path, id, null, "target is not finite");
            }
            return new CrystalRecord(id, crystal, target);
        }
    }
}
