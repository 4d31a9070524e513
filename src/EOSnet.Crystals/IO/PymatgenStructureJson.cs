using System.Text.Json;

namespace EOSnet.Crystals.IO;

/// <summary>How partially occupied or multi-species sites are handled.</summary>
public enum DisorderPolicy
{
    /// <summary>Throw a <see cref="DisorderedStructureException"/> (default: disordered structures cannot be fingerprinted).</summary>
    Error,
    /// <summary>Drop sites whose occupancy is below 1.</summary>
    DropPartial,
    /// <summary>Keep the species with the highest occupancy on every site.</summary>
    Majority,
}

/// <summary>Reads pymatgen <c>Structure.as_dict()</c> objects (also a single structure in a .json file).</summary>
public static class PymatgenStructureJson
{
    /// <summary>Reads one structure dict from a JSON file.</summary>
    public static Crystal ReadFile(string path, DisorderPolicy disorder = DisorderPolicy.Error)
    {
        using var s = InputFile.Open(path);
        try
        {
            using var doc = JsonDocument.Parse(s);
            return Parse(doc.RootElement, InputFile.Stem(path), path, InputFile.Stem(path), disorder);
        }
        catch (JsonException e) { throw new StructureFormatException(path, null, e.LineNumber + 1, $"invalid JSON: {e.Message}", e); }
    }

    /// <summary>Parses a structure dict; errors name <paramref name="file"/> and <paramref name="record"/>.</summary>
    public static Crystal Parse(JsonElement dict, string? id, string? file, string? record, DisorderPolicy disorder)
    {
        try
        {
            var matrix = dict.GetProperty("lattice").GetProperty("matrix");
            var rows = matrix.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
            if (rows.Length != 3 || rows.Any(r => r.Length != 3)) throw new FormatException("lattice.matrix must be 3 × 3");
            var lattice = new Lattice(new Vec3(rows[0][0], rows[0][1], rows[0][2]), new Vec3(rows[1][0], rows[1][1], rows[1][2]), new Vec3(rows[2][0], rows[2][1], rows[2][2]));
            var z = new List<int>();
            var frac = new List<Vec3>();
            int siteIndex = 0;
            foreach (var site in dict.GetProperty("sites").EnumerateArray())
            {
                var species = site.GetProperty("species").EnumerateArray()
                    .Select(sp => (Element: sp.GetProperty("element").GetString() ?? "", Occu: sp.TryGetProperty("occu", out var o) ? o.GetDouble() : 1.0))
                    .ToList();
                if (species.Count == 0) throw new FormatException($"site {siteIndex} has no species");
                double total = species.Sum(s => s.Occu);
                bool disordered = species.Count > 1 || Math.Abs(total - 1) > 1e-6;
                var chosen = species.MaxBy(s => s.Occu);
                if (disordered)
                {
                    switch (disorder)
                    {
                        case DisorderPolicy.Error:
                            throw new DisorderedStructureException(file, record, null, $"site {siteIndex} is disordered ({string.Join(", ", species.Select(s => $"{s.Element}:{s.Occu:G4}"))}); use DisorderPolicy.Majority or DropPartial to read it anyway");
                        case DisorderPolicy.DropPartial when species.Count > 1 || total < 1 - 1e-6:
                            siteIndex++;
                            continue;
                    }
                }
                var abc = site.GetProperty("abc").EnumerateArray().Select(x => x.GetDouble()).ToArray();
                if (abc.Length != 3) throw new FormatException($"site {siteIndex}: abc must have 3 values");
                if (!Elements.TryGetAtomicNumber(chosen.Element, out int zz))
                    throw new FormatException($"site {siteIndex}: unknown element '{chosen.Element}'");
                z.Add(zz);
                frac.Add(new Vec3(abc[0], abc[1], abc[2]));
                siteIndex++;
            }
            return Crystal.FromFractional(lattice, z, frac, id);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or InvalidStructureException or ArgumentException)
        {
            throw new StructureFormatException(file, record, null, e is KeyNotFoundException ? "not a pymatgen Structure dict (missing 'lattice.matrix' or 'sites')" : e.Message, e);
        }
    }
}
