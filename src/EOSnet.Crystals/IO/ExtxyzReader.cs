using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace EOSnet.Crystals.IO;

/// <summary>
/// Streams extended-XYZ frames (as written by ASE): atom count line, a comment line of key=value pairs
/// (<c>Lattice="…"</c>, <c>Properties=species:S:1:pos:R:3:…</c>, <c>pbc</c>, info keys), then one line per atom.
/// Id = <c>struct_id</c>, else <c>config_type</c>, else <c>struct_&lt;i&gt;</c>; target = the <c>target</c> key
/// (or <see cref="TargetKey"/>). Other info keys become record properties.
/// </summary>
public sealed class ExtxyzReader
{
    /// <summary>Creates a reader.</summary>
    public ExtxyzReader(string path, string targetKey = "target")
    {
        Path = path;
        TargetKey = targetKey;
    }

    /// <summary>The file (.xyz/.extxyz, optionally gzip-compressed).</summary>
    public string Path { get; }
    /// <summary>Info key holding the target.</summary>
    public string TargetKey { get; }

    /// <summary>Reads all frames lazily.</summary>
    public IEnumerable<CrystalRecord> Read()
    {
        using var reader = InputFile.OpenText(Path);
        long line = 0;
        int frame = 0;
        while (true)
        {
            string? countLine = reader.ReadLine();
            line++;
            if (countLine is null) yield break;
            if (string.IsNullOrWhiteSpace(countLine)) continue;
            string record = $"frame {frame}";
            if (!int.TryParse(countLine.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 1)
                throw new StructureFormatException(Path, record, line, $"expected the number of atoms, found '{Trim(countLine)}'");
            if (n > 10_000_000) throw new StructureFormatException(Path, record, line, $"implausible atom count {n}");
            string comment = reader.ReadLine() ?? throw new StructureFormatException(Path, record, line + 1, "file ends before the comment line");
            long commentLine = ++line;
            Dictionary<string, string> info;
            try { info = ParseInfo(comment); }
            catch (FormatException e) { throw new StructureFormatException(Path, record, commentLine, e.Message, e); }
            string id = info.TryGetValue("struct_id", out var sid) ? sid : info.TryGetValue("config_type", out var ct) ? ct : $"struct_{frame}";
            record = $"frame {frame} ({id})";
            if (!info.TryGetValue("Lattice", out var latticeText))
                throw new StructureFormatException(Path, record, commentLine, "no Lattice= key: periodic structures need a cell");
            var cell = latticeText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var lv = new double[9];
            if (cell.Length != 9 || !cell.Select((c, k) => NumberParsing.TryDouble(c, out lv[k])).All(ok => ok))
                throw new StructureFormatException(Path, record, commentLine, $"Lattice must hold 9 numbers, found '{Trim(latticeText)}'");
            var (speciesCol, posCol, width) = Columns(info.GetValueOrDefault("Properties", "species:S:1:pos:R:3"), record, commentLine);
            var z = new int[n];
            var pos = new Vec3[n];
            for (int a = 0; a < n; a++)
            {
                string? atomLine = reader.ReadLine();
                line++;
                if (atomLine is null) throw new StructureFormatException(Path, record, line, $"file ends after {a} of {n} atoms");
                var parts = atomLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < width) throw new StructureFormatException(Path, record, line, $"atom line has {parts.Length} columns, Properties declares {width}");
                if (!Elements.TryGetAtomicNumber(parts[speciesCol], out z[a]))
                    throw new StructureFormatException(Path, record, line, $"unknown element '{Trim(parts[speciesCol])}'");
                if (!NumberParsing.TryDouble(parts[posCol], out double x) || !NumberParsing.TryDouble(parts[posCol + 1], out double y) || !NumberParsing.TryDouble(parts[posCol + 2], out double w))
                    throw new StructureFormatException(Path, record, line, "position is not three finite numbers");
                pos[a] = new Vec3(x, y, w);
            }
            Crystal crystal;
            try { crystal = Crystal.FromCartesian(Lattice.FromRows(lv), z, pos, id); }
            catch (InvalidStructureException e) { throw new StructureFormatException(Path, record, commentLine, e.Message, e); }
            double? target = null;
            if (info.TryGetValue(TargetKey, out var t))
            {
                if (!NumberParsing.TryDouble(t, out double tv)) throw new StructureFormatException(Path, record, commentLine, $"{TargetKey} '{Trim(t)}' is not a finite number");
                target = tv;
            }
            var props = info.Where(kv => kv.Key is not ("Lattice" or "Properties")).ToImmutableDictionary();
            yield return new CrystalRecord(id, crystal, target, props);
            frame++;
        }
    }

    private static string Trim(string s) => s.Length > 60 ? s[..60] + "…" : s;

    /// <summary>Column of the species, column of x, and the total number of columns declared by Properties.</summary>
    private (int Species, int Pos, int Width) Columns(string properties, string record, long line)
    {
        var f = properties.Split(':');
        if (f.Length % 3 != 0) throw new StructureFormatException(Path, record, line, $"malformed Properties '{properties}'");
        int col = 0, species = -1, pos = -1;
        for (int k = 0; k < f.Length; k += 3)
        {
            if (!int.TryParse(f[k + 2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count < 1)
                throw new StructureFormatException(Path, record, line, $"malformed Properties '{properties}'");
            if (f[k] == "species") species = col;
            else if (f[k] == "pos" && count == 3) pos = col;
            col += count;
        }
        if (species < 0 || pos < 0) throw new StructureFormatException(Path, record, line, "Properties must declare species and pos (3 columns)");
        return (species, pos, col);
    }

    /// <summary>Parses key=value pairs; values may be quoted with "…" (backslash escapes) and keys may stand alone (= "T").</summary>
    internal static Dictionary<string, string> ParseInfo(string line)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            if (i >= line.Length) break;
            int ks = i;
            while (i < line.Length && line[i] != '=' && !char.IsWhiteSpace(line[i])) i++;
            string key = line[ks..i];
            if (i >= line.Length || line[i] != '=') { d[key] = "T"; continue; }
            i++;
            var value = new StringBuilder();
            if (i < line.Length && (line[i] == '"' || line[i] == '\''))
            {
                char q = line[i++];
                while (i < line.Length && line[i] != q)
                {
                    if (line[i] == '\\' && i + 1 < line.Length) i++;
                    value.Append(line[i++]);
                }
                if (i >= line.Length) throw new FormatException($"unterminated quote in the value of '{key}'");
                i++;
            }
            else if (i < line.Length && line[i] == '{')
            {
                while (i < line.Length && line[i] != '}') value.Append(line[i++]);
                i++;
            }
            else
                while (i < line.Length && !char.IsWhiteSpace(line[i])) value.Append(line[i++]);
            d[key] = value.ToString();
        }
        return d;
    }
}
