namespace EOSnet.Crystals.IO;

/// <summary>Options shared by <see cref="StructureReader"/>.</summary>
public sealed record StructureReaderOptions
{
    /// <summary>Handling of partially occupied sites (CIF, JSON).</summary>
    public DisorderPolicy Disorder { get; init; } = DisorderPolicy.Error;
    /// <summary>extxyz info key holding the target.</summary>
    public string TargetKey { get; init; } = "target";
}

/// <summary>
/// Reads any supported input by its name and content: a CIF, POSCAR/CONTCAR (.vasp/.poscar), extended XYZ
/// (.xyz/.extxyz), Matbench/pymatgen JSON (.json, .json.gz), an ASE database (.db), or a dataset folder (CGCNN/EOSnet
/// <c>id_prop.csv</c> + structure files, <c>data.extxyz</c>, or a plain folder of structure files).
/// </summary>
public static class StructureReader
{
    /// <summary>Reads all records of a file or folder, lazily.</summary>
    public static IEnumerable<CrystalRecord> Read(string path, StructureReaderOptions? options = null)
    {
        options ??= new StructureReaderOptions();
        if (Directory.Exists(path)) return new DatasetFolderReader(path, options).Read();
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        return Kind(path) switch
        {
            StructureFileKind.Cif => new CifReader(path, options.Disorder).Read(),
            StructureFileKind.Poscar => new[] { Single(path) },
            StructureFileKind.Extxyz => new ExtxyzReader(path, options.TargetKey).Read(),
            StructureFileKind.Json => ReadJson(path, options),
            StructureFileKind.AseDb => new AseDbReader(path, options.TargetKey).Read(),
            _ => throw new StructureFormatException(path, null, null, "unknown structure file type (expected .cif, .vasp/POSCAR/CONTCAR, .xyz/.extxyz, .json[.gz], ASE .db)"),
        };
    }

    /// <summary>
    /// Reads a file record by record, so that one bad record never hides the others: each CIF data block and each
    /// ASE database row succeeds or fails on its own; for the other formats, the records read before a failure and
    /// then the failure. Folders are read with <see cref="Read"/>.
    /// </summary>
    public static IEnumerable<StructureReadResult> ReadEach(string path, StructureReaderOptions? options = null)
    {
        options ??= new StructureReaderOptions();
        if (File.Exists(path) && Kind(path) == StructureFileKind.Cif) return new CifReader(path, options.Disorder).ReadBlocks();
        if (File.Exists(path) && Kind(path) == StructureFileKind.AseDb) return new AseDbReader(path, options.TargetKey).ReadRows();
        return Guarded(path, options);
    }

    private static IEnumerable<StructureReadResult> Guarded(string path, StructureReaderOptions options)
    {
        using var e = Read(path, options).GetEnumerator();
        while (true)
        {
            StructureReadResult? next;
            try { next = e.MoveNext() ? new StructureReadResult(e.Current.Id, e.Current, null) : null; }
            catch (StructureFormatException ex) { next = new StructureReadResult(ex.Record ?? path, null, ex); }
            catch (InvalidStructureException ex) { next = new StructureReadResult(path, null, new StructureFormatException(path, null, null, ex.Message, ex)); }
            if (next is null) yield break;
            yield return next;
            if (next.Error is not null) yield break;
        }
    }

    private static CrystalRecord Single(string path)
    {
        var c = PoscarReader.ReadFile(path);
        return new CrystalRecord(c.Id ?? InputFile.Stem(path), c, null);
    }

    private static IEnumerable<CrystalRecord> ReadJson(string path, StructureReaderOptions options)
    {
        // A pandas "split" dataset starts with {"index" / "columns" / "data"; anything else is one Structure dict.
        using (var s = InputFile.Open(path))
        {
            var head = new byte[256];
            int n = s.Read(head, 0, head.Length);
            var text = System.Text.Encoding.UTF8.GetString(head, 0, n);
            if (!(text.Contains("\"index\"", StringComparison.Ordinal) || text.Contains("\"columns\"", StringComparison.Ordinal) || text.Contains("\"data\"", StringComparison.Ordinal)))
                return new[] { new CrystalRecord(InputFile.Stem(path), PymatgenStructureJson.ReadFile(path, options.Disorder), null) };
        }
        return new MatbenchJsonReader(path, options.Disorder).Read();
    }

    /// <summary>The file kind by name (compression suffix ignored).</summary>
    public static StructureFileKind Kind(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal)) name = name[..^3];
        if (name.EndsWith(".cif", StringComparison.Ordinal)) return StructureFileKind.Cif;
        if (name.EndsWith(".vasp", StringComparison.Ordinal) || name.EndsWith(".poscar", StringComparison.Ordinal) || name.StartsWith("poscar", StringComparison.Ordinal) || name.StartsWith("contcar", StringComparison.Ordinal))
            return StructureFileKind.Poscar;
        if (name.EndsWith(".xyz", StringComparison.Ordinal) || name.EndsWith(".extxyz", StringComparison.Ordinal)) return StructureFileKind.Extxyz;
        if (name.EndsWith(".json", StringComparison.Ordinal)) return StructureFileKind.Json;
        if (name.EndsWith(".db", StringComparison.Ordinal)) return StructureFileKind.AseDb;
        return StructureFileKind.Unknown;
    }
}

/// <summary>Structure file kinds.</summary>
public enum StructureFileKind
{
    /// <summary>Not recognised.</summary>
    Unknown,
    /// <summary>CIF.</summary>
    Cif,
    /// <summary>VASP POSCAR/CONTCAR.</summary>
    Poscar,
    /// <summary>Extended XYZ.</summary>
    Extxyz,
    /// <summary>Matbench/pymatgen JSON.</summary>
    Json,
    /// <summary>ASE database, SQLite form (<c>.db</c>).</summary>
    AseDb,
}

/// <summary>
/// A dataset folder: <c>data.extxyz</c> if present (the reference's layout); else <c>id_prop.csv</c> rows
/// <c>id,target</c> (no header; a header row is tolerated) with structure files <c>&lt;id&gt;.cif|.vasp|.poscar</c>;
/// else every structure file in the folder (no targets).
/// </summary>
public sealed class DatasetFolderReader
{
    private readonly StructureReaderOptions _options;

    /// <summary>Creates a reader.</summary>
    public DatasetFolderReader(string folder, StructureReaderOptions? options = null)
    {
        Folder = folder;
        _options = options ?? new StructureReaderOptions();
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>Reads the records lazily, in id_prop.csv order (or sorted file-name order).</summary>
    public IEnumerable<CrystalRecord> Read()
    {
        if (!Directory.Exists(Folder)) throw new DirectoryNotFoundException($"{Folder}: folder not found");
        var extxyz = Path.Combine(Folder, "data.extxyz");
        if (File.Exists(extxyz)) return new ExtxyzReader(extxyz, _options.TargetKey).Read();
        var idProp = Path.Combine(Folder, "id_prop.csv");
        return File.Exists(idProp) ? FromIdProp(idProp) : AllFiles();
    }

    private IEnumerable<CrystalRecord> FromIdProp(string idProp)
    {
        long line = 0;
        foreach (var raw in File.ReadLines(idProp))
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var parts = raw.Split(',');
            string id = parts[0].Trim();
            double? target = null;
            if (parts.Length > 1)
            {
                if (!NumberParsing.TryDouble(parts[1].Trim(), out double t))
                {
                    if (line == 1) continue; // header row
                    throw new StructureFormatException(idProp, id, line, $"target '{parts[1].Trim()}' is not a finite number");
                }
                target = t;
            }
            var file = StructureFile(id) ?? throw new StructureFormatException(idProp, id, line, $"no structure file {id}.cif/.vasp/.poscar in {Folder}");
            var crystal = StructureReader.Kind(file) == StructureFileKind.Cif
                ? new CifReader(file, _options.Disorder).Read().First().Crystal
                : PoscarReader.ReadFile(file, id);
            yield return new CrystalRecord(id, crystal.WithId(id), target);
        }
    }

    private string? StructureFile(string id)
    {
        foreach (var ext in new[] { ".cif", ".vasp", ".poscar", ".cif.gz", ".vasp.gz" })
        {
            var p = Path.Combine(Folder, id + ext);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    private IEnumerable<CrystalRecord> AllFiles()
    {
        foreach (var file in Directory.EnumerateFiles(Folder).OrderBy(f => f, StringComparer.Ordinal))
        {
            var kind = StructureReader.Kind(file);
            if (kind is StructureFileKind.Cif or StructureFileKind.Poscar)
                foreach (var r in StructureReader.Read(file, _options))
                    yield return r with { Id = kind == StructureFileKind.Poscar ? InputFile.Stem(file) : r.Id };
        }
    }
}
