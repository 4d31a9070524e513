using EOSnet.Crystals;
using EOSnet.Crystals.IO;

namespace EOSnet.Cli.Workflows;

/// <summary>A loaded dataset with optional Matbench folds.</summary>
public sealed class Dataset
{
    private Dataset(string source, List<CrystalRecord> records, MatbenchFolds? folds, List<string> skipped)
    {
        Source = source;
        Records = records;
        Folds = folds;
        Skipped = skipped;
    }

    /// <summary>Where it came from.</summary>
    public string Source { get; }
    /// <summary>The records that could be read.</summary>
    public List<CrystalRecord> Records { get; }
    /// <summary>Matbench folds, when a sidecar was given or found.</summary>
    public MatbenchFolds? Folds { get; }
    /// <summary>One line per unreadable input (file/record and reason).</summary>
    public List<string> Skipped { get; }

    /// <summary>
    /// What a user should see about the input: one "skipped: …" line per unreadable input, then one "ID: …" line per
    /// reader warning (merged, dropped, reinterpreted or inferred, see <see cref="CrystalRecord.Warnings"/>).
    /// </summary>
    public IEnumerable<string> Notices =>
        Skipped.Select(s => $"skipped: {s}").Concat(Records.SelectMany(r => r.Warnings.Select(w => $"{r.Id}: {w}")));

    /// <summary>
    /// Reads any supported input. A sidecar <c>&lt;name&gt;.folds.json</c> next to a Matbench file is picked up
    /// automatically. With <paramref name="strict"/> the first unreadable file is fatal; otherwise it is skipped and
    /// reported. <paramref name="limit"/> keeps the first N records (quick runs).
    /// </summary>
    public static Dataset Load(string path, string? foldsPath, bool strict, int? limit = null)
    {
        var skipped = new List<string>();
        var records = new List<CrystalRecord>();
        if (Directory.Exists(path) && !File.Exists(Path.Combine(path, "id_prop.csv")) && !File.Exists(Path.Combine(path, "data.extxyz")))
        {
            foreach (var file in Directory.EnumerateFiles(path).Where(f => StructureReader.Kind(f) is StructureFileKind.Cif or StructureFileKind.Poscar).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (StructureReader.Kind(file) == StructureFileKind.Cif && !strict) { ReadEach(file, records, skipped); }
                else
                {
                    try { records.AddRange(StructureReader.Read(file)); }
                    catch (Exception e) when (!strict && e is StructureFormatException or InvalidStructureException) { skipped.Add(e.Message); }
                }
                if (limit is int l && records.Count >= l) break;
            }
        }
        else if (File.Exists(path) && StructureReader.Kind(path) is StructureFileKind.Cif or StructureFileKind.AseDb && !strict)
        {
            ReadEach(path, records, skipped);
            if (limit is int l && records.Count > l) records.RemoveRange(l, records.Count - l);
        }
        else
        {
            var all = StructureReader.Read(path);
            records.AddRange(limit is int l ? all.Take(l) : all);
        }
        if (foldsPath is null && path.EndsWith(".json.gz", StringComparison.Ordinal))
        {
            var sidecar = path[..^".json.gz".Length] + ".folds.json";
            if (File.Exists(sidecar)) foldsPath = sidecar;
        }
        return new Dataset(path, records, foldsPath is null ? null : MatbenchFolds.Load(foldsPath), skipped);
    }

    /// <summary>Each CIF data block or database row on its own: the readable ones become records, the others skipped lines.</summary>
    private static void ReadEach(string file, List<CrystalRecord> records, List<string> skipped)
    {
        foreach (var result in StructureReader.ReadEach(file))
        {
            if (result.Record is not null) records.Add(result.Record);
            else skipped.Add(result.Error!.Message);
        }
    }

    /// <summary>The same records with a seeded random k-fold split instead of (missing) official folds.</summary>
    public Dataset WithRandomFolds(int k, int seed) => new(Source, Records, MatbenchFolds.Random(Records.Select(r => r.Id).ToList(), k, seed), Skipped);

    /// <summary>The fold of every record (−1 when the record is in no fold).</summary>
    public int[] FoldOfRecords() => Records.Select(r => Folds?.FoldOf(r.Id) ?? -1).ToArray();

    /// <summary>Whether the targets look binary (all 0 or 1).</summary>
    public bool LooksBinary => Records.Count > 0 && Records.All(r => r.Target is 0 or 1);
}
