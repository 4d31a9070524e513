using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace EOSnet.Crystals.IO;

/// <summary>
/// Streams the rows of an ASE database in its SQLite form (<c>.db</c>, as written by <c>ase.db.connect(...).write</c>),
/// in row-id order, with bounded memory. The schema subset read (ASE's <c>systems</c> table, schema version 9 and the
/// earlier versions with the same columns):
/// <list type="bullet">
/// <item><c>id</c> (the record name <c>row N</c>), <c>numbers</c> (int32 little-endian), <c>positions</c> (float64 N×3,
/// Å), <c>cell</c> (float64 3×3, rows), <c>pbc</c> (bit mask 1|2|4);</item>
/// <item><c>key_value_pairs</c> (JSON): the id is <see cref="IdKey"/> when present (else <c>N</c>), the target
/// <see cref="TargetKey"/> (or the <c>energy</c> column when the key is "energy"); other scalar pairs become record
/// properties.</item>
/// </list>
/// A row that is not periodic in all three directions, or whose arrays disagree, is refused by itself
/// (<see cref="ReadRows"/>); the JSON backend of ASE's database (<c>.json</c>) is not read.
/// </summary>
public sealed class AseDbReader
{
    /// <summary>Creates a reader.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="targetKey">The key-value pair (or "energy") holding the target.</param>
    /// <param name="idKey">The key-value pair holding the structure's id.</param>
    public AseDbReader(string path, string targetKey = "target", string idKey = "struct_id")
    {
        Path = path;
        TargetKey = targetKey;
        IdKey = idKey;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }
    /// <summary>The key-value pair (or the <c>energy</c> column, for "energy") holding the target.</summary>
    public string TargetKey { get; }
    /// <summary>The key-value pair holding the id.</summary>
    public string IdKey { get; }

    /// <summary>The readable rows; a bad row is thrown after the good ones (see <see cref="ReadRows"/>).</summary>
    public IEnumerable<CrystalRecord> Read()
    {
        StructureFormatException? first = null;
        int failed = 0;
        foreach (var row in ReadRows())
        {
            if (row.Record is not null) yield return row.Record;
            else { first ??= row.Error; failed++; }
        }
        if (failed == 1) throw first!;
        if (failed > 1) throw new StructureFormatException(Path, null, null, $"{failed} rows could not be read; the first: {first!.Message}", first);
    }

    /// <summary>Every row, each read on its own: a record or the reason it could not be read.</summary>
    public IEnumerable<StructureReadResult> ReadRows()
    {
        if (!File.Exists(Path)) throw new FileNotFoundException($"{Path}: file not found", Path);
        var builder = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, numbers, positions, cell, pbc, key_value_pairs, energy FROM systems ORDER BY id";
        SqliteDataReader reader;
        try
        {
            connection.Open();
            reader = command.ExecuteReader();
        }
        catch (SqliteException e)
        {
            throw new StructureFormatException(Path, null, null, $"not an ASE database (SQLite 'systems' table): {e.Message}", e);
        }
        using (reader)
        {
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                StructureReadResult result;
                try { result = new StructureReadResult($"row {id}", Row(reader, id), null); }
                catch (StructureFormatException e) { result = new StructureReadResult($"row {id}", null, e); }
                yield return result;
            }
        }
    }

    private CrystalRecord Row(SqliteDataReader r, long id)
    {
        string name = $"row {id}";
        StructureFormatException Bad(string reason) => new(Path, name, null, reason);
        var numbers = Blob(r, 1) ?? throw Bad("no atomic numbers");
        var positions = Blob(r, 2) ?? throw Bad("no positions");
        var cell = Blob(r, 3) ?? throw Bad("no cell");
        int pbc = r.IsDBNull(4) ? 0 : r.GetInt32(4);
        if ((pbc & 7) != 7) throw Bad($"not periodic in all three directions (pbc mask {pbc}): a molecule or slab without a full cell is not a crystal");
        int n = numbers.Length / 4;
        if (numbers.Length % 4 != 0 || positions.Length != n * 24 || cell.Length != 72)
            throw Bad($"arrays of inconsistent size ({numbers.Length} bytes of numbers, {positions.Length} of positions, {cell.Length} of cell)");
        var z = new int[n];
        var cartesian = new Vec3[n];
        for (int i = 0; i < n; i++)
        {
            z[i] = BinaryPrimitives.ReadInt32LittleEndian(numbers.AsSpan(4 * i));
            cartesian[i] = new Vec3(Double(positions, 3 * i), Double(positions, 3 * i + 1), Double(positions, 3 * i + 2));
        }
        var rows = new double[9];
        for (int k = 0; k < 9; k++) rows[k] = Double(cell, k);

        var pairs = KeyValuePairs(r, name);
        string recordId = pairs.TryGetValue(IdKey, out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString()! : id.ToString(CultureInfo.InvariantCulture);
        double? target = TargetKey == "energy" && !r.IsDBNull(6) ? r.GetDouble(6)
            : pairs.TryGetValue(TargetKey, out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble()
            : pairs.TryGetValue(TargetKey, out t) && t.ValueKind is JsonValueKind.True or JsonValueKind.False ? (t.GetBoolean() ? 1 : 0)
            : null;
        var properties = pairs.Where(p => p.Key != IdKey && p.Key != TargetKey && p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .ToImmutableDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        try
        {
            var crystal = Crystal.FromCartesian(Lattice.FromRows(rows), z, cartesian, recordId, new Dictionary<string, string> { ["source"] = Path });
            return new CrystalRecord(recordId, crystal, target, properties);
        }
        catch (Exception e) when (e is InvalidStructureException or UnknownElementException)
        {
            throw new StructureFormatException(Path, name, null, e.Message, e);
        }
    }

    private static byte[]? Blob(SqliteDataReader r, int column) => r.IsDBNull(column) ? null : (byte[])r.GetValue(column);

    private static double Double(byte[] blob, int index) => BinaryPrimitives.ReadDoubleLittleEndian(blob.AsSpan(8 * index));

    private Dictionary<string, JsonElement> KeyValuePairs(SqliteDataReader r, string name)
    {
        if (r.IsDBNull(5)) return new Dictionary<string, JsonElement>();
        try
        {
            using var doc = JsonDocument.Parse(r.GetString(5));
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        }
        catch (JsonException e) { throw new StructureFormatException(Path, name, null, $"key_value_pairs is not JSON: {e.Message}", e); }
    }
}
