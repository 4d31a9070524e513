namespace EOSnet.Crystals.IO;

/// <summary>
/// Reads VASP POSCAR/CONTCAR files (VASP 4 and 5): comment, scale (positive factor, negative target volume, or three
/// factors), lattice, optional species line, counts, optional "Selective dynamics", Direct/Cartesian, coordinates
/// (trailing flags and labels ignored). VASP 4 files take their species from the comment line or from
/// the caller-supplied species list.
/// </summary>
public static class PoscarReader
{
    /// <summary>Reads one structure; the id defaults to the file stem.</summary>
    public static Crystal ReadFile(string path, string? id = null, IReadOnlyList<string>? speciesHint = null)
    {
        using var reader = InputFile.OpenText(path);
        return Read(reader, path, id ?? InputFile.Stem(path), speciesHint);
    }

    /// <summary>Reads one structure from text; <paramref name="file"/> names it in errors.</summary>
    public static Crystal Read(TextReader reader, string file, string? id, IReadOnlyList<string>? speciesHint = null)
    {
        long line = 0;
        string Next(string what)
        {
            line++;
            return reader.ReadLine() ?? throw new StructureFormatException(file, id, line, $"file ends before the {what}");
        }
        string[] Fields(string s) => s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

        string comment = Next("comment line");
        var scaleFields = Fields(Next("scale line"));
        long scaleLine = line;
        var scale = new double[scaleFields.Length];
        if ((scaleFields.Length != 1 && scaleFields.Length != 3) || !scaleFields.Select((f, k) => NumberParsing.TryDouble(f, out scale[k])).All(x => x))
            throw new StructureFormatException(file, id, line, "the scale line must hold 1 or 3 numbers");
        var vectors = new Vec3[3];
        for (int k = 0; k < 3; k++)
        {
            var f = Fields(Next("lattice vectors"));
            if (f.Length < 3 || !NumberParsing.TryDouble(f[0], out double x) || !NumberParsing.TryDouble(f[1], out double y) || !NumberParsing.TryDouble(f[2], out double w))
                throw new StructureFormatException(file, id, line, "a lattice vector must be three numbers");
            vectors[k] = new Vec3(x, y, w);
        }
        var next = Fields(Next("species or counts line"));
        string[] species;
        int[] counts;
        if (next.Length > 0 && !NumberParsing.TryInt(next[0], out _))
        {
            species = next;
            counts = ParseCounts(Fields(Next("counts line")));
        }
        else
        {
            counts = ParseCounts(next);
            species = speciesHint?.ToArray() ?? Fields(comment);
            if (species.Length < counts.Length || !species.Take(counts.Length).All(s => Elements.TryGetAtomicNumber(Clean(s), out _)))
                throw new StructureFormatException(file, id, line, "VASP 4 file without a species line: give the species (comment line or caller)");
        }
        int[] ParseCounts(string[] f)
        {
            var c = new int[f.Length];
            if (f.Length == 0 || !f.Select((s, k) => NumberParsing.TryInt(s, out c[k]) && c[k] >= 0).All(x => x))
                throw new StructureFormatException(file, id, line, "the counts line must hold non-negative integers");
            return c;
        }
        if (species.Length < counts.Length) throw new StructureFormatException(file, id, line, $"{counts.Length} counts but {species.Length} species");
        var zOfSpecies = new int[counts.Length];
        for (int k = 0; k < counts.Length; k++)
            if (!Elements.TryGetAtomicNumber(Clean(species[k]), out zOfSpecies[k]))
                throw new StructureFormatException(file, id, line, $"unknown element '{species[k]}'");
        string mode = Next("coordinate mode line").Trim();
        if (mode.StartsWith('s') || mode.StartsWith('S')) mode = Next("coordinate mode line").Trim();
        bool cartesian = mode.Length > 0 && (mode[0] is 'c' or 'C' or 'k' or 'K');
        if (!cartesian && !(mode.Length > 0 && mode[0] is 'd' or 'D'))
            throw new StructureFormatException(file, id, line, $"expected Direct or Cartesian, found '{mode}'");

        // Scale: one positive factor, a negative target volume, or three per-axis factors.
        double volume = Math.Abs(vectors[0].Dot(vectors[1].Cross(vectors[2])));
        Vec3 s3 = scaleFields.Length == 3 ? new Vec3(scale[0], scale[1], scale[2]) : new Vec3(scale[0], scale[0], scale[0]);
        if (scaleFields.Length == 1 && scale[0] < 0)
        {
            if (!(volume > 0)) throw new StructureFormatException(file, id, scaleLine, "degenerate lattice");
            double f = Math.Cbrt(-scale[0] / volume);
            s3 = new Vec3(f, f, f);
        }
        else if (scaleFields.Length == 1 && scale[0] == 0) throw new StructureFormatException(file, id, scaleLine, "scale factor 0");
        Vec3 Scale(Vec3 v) => new(v.X * s3.X, v.Y * s3.Y, v.Z * s3.Z);
        Lattice lattice;
        try
        {
            lattice = scaleFields.Length == 3 ? new Lattice(Scale(vectors[0]), Scale(vectors[1]), Scale(vectors[2])) : new Lattice(s3.X * vectors[0], s3.X * vectors[1], s3.X * vectors[2]);
        }
        catch (InvalidStructureException e) { throw new StructureFormatException(file, id, scaleLine + 3, e.Message, e); }

        var z = new List<int>();
        var pos = new List<Vec3>();
        for (int k = 0; k < counts.Length; k++)
            for (int a = 0; a < counts[k]; a++)
            {
                var f = Fields(Next($"coordinates of atom {z.Count + 1}"));
                if (f.Length < 3 || !NumberParsing.TryDouble(f[0], out double x) || !NumberParsing.TryDouble(f[1], out double y) || !NumberParsing.TryDouble(f[2], out double w))
                    throw new StructureFormatException(file, id, line, "coordinates must be three finite numbers");
                z.Add(zOfSpecies[k]);
                pos.Add(cartesian ? (scaleFields.Length == 3 ? Scale(new Vec3(x, y, w)) : s3.X * new Vec3(x, y, w)) : new Vec3(x, y, w));
            }
        try
        {
            return cartesian ? Crystal.FromCartesian(lattice, z, pos, id) : Crystal.FromFractional(lattice, z, pos, id);
        }
        catch (InvalidStructureException e) { throw new StructureFormatException(file, id, null, e.Message, e); }
    }

    // "Fe_pv" → "Fe", "Si/abc123" → "Si"
    private static string Clean(string s)
    {
        int cut = s.IndexOfAny(new[] { '_', '/', ':' });
        return cut > 0 ? s[..cut] : s;
    }
}
