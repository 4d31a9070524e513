using EOSnet.Crystals;
using EOSnet.Crystals.IO;

namespace EOSnet.MLNet.Screening;

/// <summary>
/// The inputs of a screening run, in a fixed order, read lazily: a folder's CIF/POSCAR/ASE-database files in ordinal
/// name order (only the names are held in memory), or a dataset file (Matbench/pymatgen JSON, extxyz, CIF, ASE
/// <c>.db</c>) record by record. Every input is a <see cref="StructureReadResult"/>: unreadable ones carry the reason.
/// </summary>
public static class ScreeningInputs
{
    /// <summary>Enumerates the inputs of a file or folder.</summary>
    /// <param name="path">A structure file or a folder of them.</param>
    /// <param name="options">Reader options (disorder policy, target key).</param>
    public static IEnumerable<StructureReadResult> Read(string path, StructureReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path) && !File.Exists(Path.Combine(path, "id_prop.csv")) && !File.Exists(Path.Combine(path, "data.extxyz")))
            return Folder(path, options);
        if (Directory.Exists(path)) return StructureReader.Read(path, options).Select(r => new StructureReadResult(r.Id, r, null));
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        return StructureReader.ReadEach(path, options);
    }

    private static IEnumerable<StructureReadResult> Folder(string folder, StructureReaderOptions? options)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(f => StructureReader.Kind(f) is StructureFileKind.Cif or StructureFileKind.Poscar or StructureFileKind.AseDb)
            .ToList();
        files.Sort(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var kind = StructureReader.Kind(file);
            foreach (var result in Safely(file, options))
                yield return kind == StructureFileKind.Poscar && result.Record is { } r
                    ? result with { Record = r with { Id = InputFile.Stem(file) } }
                    : result.Record is null ? result with { Name = $"{Path.GetFileName(file)}:{result.Name}".TrimEnd(':') } : result;
        }
    }

    /// <summary>The file's results; a failure to open or read it at all becomes one result with the reason.</summary>
    private static IEnumerable<StructureReadResult> Safely(string file, StructureReaderOptions? options)
    {
        IEnumerator<StructureReadResult>? e = null;
        try
        {
            while (true)
            {
                StructureReadResult? next;
                bool last = false;
                try
                {
                    e ??= StructureReader.ReadEach(file, options).GetEnumerator();
                    next = e.MoveNext() ? e.Current : null;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StructureFormatException or InvalidStructureException or InvalidDataException)
                {
                    next = Unreadable(file, ex is StructureFormatException sf ? sf.Reason : ex.Message);
                    last = true;
                }
                if (next is null) yield break;
                yield return next;
                if (last) yield break;
            }
        }
        finally { e?.Dispose(); }
    }

    private static StructureReadResult Unreadable(string file, string reason) =>
        new(Path.GetFileName(file), null, new StructureFormatException(file, null, null, reason));
}
