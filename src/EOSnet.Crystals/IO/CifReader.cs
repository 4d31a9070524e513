namespace EOSnet.Crystals.IO;

/// <summary>
/// Reads CIF files: one record per data block with atom sites. Cell parameters may carry uncertainties
/// (<c>5.431(2)</c>); <c>_atom_site_fract_*</c> columns may come in any order; symmetry operations
/// (<c>_symmetry_equiv_pos_as_xyz</c> or <c>_space_group_symop_operation_xyz</c>) are applied and duplicate sites
/// merged (within <see cref="MergeTolerance"/> Å, periodically). Partial occupancy is an error unless
/// <see cref="Disorder"/> says otherwise. Other loops are ignored.
/// </summary>
public sealed class CifReader
{
    /// <summary>Creates a reader.</summary>
    public CifReader(string path, DisorderPolicy disorder = DisorderPolicy.Error)
    {
        Path = path;
        Disorder = disorder;
    }

    /// <summary>The file.</summary>
    public string Path { get; }
    /// <summary>Handling of partially occupied sites.</summary>
    public DisorderPolicy Disorder { get; }
    /// <summary>Symmetry images closer than this (Å) are one site.</summary>
    public double MergeTolerance { get; init; } = 0.01;

    /// <summary>Reads every data block that has atom sites.</summary>
    public IEnumerable<CrystalRecord> Read()
    {
        using var reader = InputFile.OpenText(Path);
        IEnumerator<CifBlock> blocks;
        blocks = CifParser.Blocks(CifTokenizer.Tokenize(reader)).GetEnumerator();
        int count = 0;
        while (true)
        {
            CifBlock block;
            try
            {
                if (!blocks.MoveNext()) break;
                block = blocks.Current;
            }
            catch (FormatException e) { throw new StructureFormatException(Path, null, LineOf(e.Message), StripLine(e.Message), e); }
            if (block.LoopWith("_atom_site_fract_x") is null) continue;
            yield return new CrystalRecord(block.Name, Build(block), null);
            count++;
        }
        if (count == 0) throw new StructureFormatException(Path, null, null, "no data block with _atom_site_fract_x/y/z sites");
    }

    private static long? LineOf(string message) =>
        message.StartsWith("line ", StringComparison.Ordinal) && long.TryParse(message[5..message.IndexOf(':')], out var l) ? l : null;

    private static string StripLine(string message) => LineOf(message) is null ? message : message[(message.IndexOf(':') + 2)..];

    private Crystal Build(CifBlock b)
    {
        double Cell(string tag)
        {
            if (!b.Values.TryGetValue(tag, out var t)) throw new StructureFormatException(Path, b.Name, b.Line, $"missing {tag}");
            return Number(t, tag, b.Name);
        }
        Lattice lattice;
        try
        {
            lattice = Lattice.FromParameters(Cell("_cell_length_a"), Cell("_cell_length_b"), Cell("_cell_length_c"),
                Cell("_cell_angle_alpha"), Cell("_cell_angle_beta"), Cell("_cell_angle_gamma"));
        }
        catch (InvalidStructureException e) { throw new StructureFormatException(Path, b.Name, b.Line, e.Message, e); }

        var ops = Operations(b);
        var loop = b.LoopWith("_atom_site_fract_x")!;
        int cx = loop.Column("_atom_site_fract_x"), cy = loop.Column("_atom_site_fract_y"), cz = loop.Column("_atom_site_fract_z");
        if (cy < 0 || cz < 0) throw new StructureFormatException(Path, b.Name, b.Line, "atom site loop lacks _atom_site_fract_y/z");
        int cType = loop.Column("_atom_site_type_symbol"), cLabel = loop.Column("_atom_site_label"), cOcc = loop.Column("_atom_site_occupancy");
        if (cType < 0 && cLabel < 0) throw new StructureFormatException(Path, b.Name, b.Line, "atom site loop has neither _atom_site_type_symbol nor _atom_site_label");

        var sites = new List<(int Z, Vec3 F, double Occ, long Line)>();
        foreach (var row in loop.Rows)
        {
            var symbolToken = cType >= 0 && !IsMissing(row[cType]) ? row[cType] : row[Math.Max(cLabel, 0)];
            if (!Elements.TryGetAtomicNumber(symbolToken.Text, out int z))
                throw new StructureFormatException(Path, b.Name, symbolToken.Line, $"unknown element '{symbolToken.Text}'");
            double occ = cOcc >= 0 && !IsMissing(row[cOcc]) ? Number(row[cOcc], "_atom_site_occupancy", b.Name) : 1.0;
            var f = new Vec3(Number(row[cx], "_atom_site_fract_x", b.Name), Number(row[cy], "_atom_site_fract_y", b.Name), Number(row[cz], "_atom_site_fract_z", b.Name));
            if (occ < 1 - 1e-6)
            {
                if (Disorder == DisorderPolicy.Error)
                    throw new DisorderedStructureException(Path, b.Name, row[cx].Line, $"site {symbolToken.Text} has occupancy {occ}; use DisorderPolicy.Majority or DropPartial to read it anyway");
                if (Disorder == DisorderPolicy.DropPartial) continue;
            }
            sites.Add((z, f, occ, row[cx].Line));
        }

        // Expand by symmetry and merge images within the tolerance (periodic, Cartesian distance).
        var merged = new List<(int Z, Vec3 F, double Occ, long Line)>();
        foreach (var s in sites)
            foreach (var op in ops)
            {
                var f = op.Apply(s.F);
                f = new Vec3(Crystal.Wrap(f.X), Crystal.Wrap(f.Y), Crystal.Wrap(f.Z));
                int found = merged.FindIndex(m => PeriodicDistance(lattice, m.F, f) < MergeTolerance);
                if (found < 0) { merged.Add((s.Z, f, s.Occ, s.Line)); continue; }
                if (merged[found].Z == s.Z) continue;
                // Two species on one position: substitutional disorder.
                if (Disorder == DisorderPolicy.Error)
                    throw new DisorderedStructureException(Path, b.Name, s.Line, $"{Elements.Symbol(merged[found].Z)} and {Elements.Symbol(s.Z)} share a site; use DisorderPolicy.Majority to keep the majority species");
                if (s.Occ > merged[found].Occ) merged[found] = (s.Z, merged[found].F, s.Occ, s.Line);
            }
        try
        {
            return Crystal.FromFractional(lattice, merged.Select(m => m.Z), merged.Select(m => m.F), b.Name,
                new Dictionary<string, string> { ["source"] = Path });
        }
        catch (InvalidStructureException e) { throw new StructureFormatException(Path, b.Name, b.Line, e.Message, e); }
    }

    private IReadOnlyList<SymmetryOperation> Operations(CifBlock b)
    {
        foreach (var tag in new[] { "_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz" })
        {
            var loop = b.LoopWith(tag);
            if (loop is not null)
            {
                int c = loop.Column(tag);
                return loop.Rows.Select(r =>
                {
                    try { return SymmetryOperation.Parse(r[c].Text); }
                    catch (FormatException e) { throw new StructureFormatException(Path, b.Name, r[c].Line, e.Message, e); }
                }).ToList();
            }
            if (b.Values.TryGetValue(tag, out var single))
            {
                try { return new[] { SymmetryOperation.Parse(single.Text) }; }
                catch (FormatException e) { throw new StructureFormatException(Path, b.Name, single.Line, e.Message, e); }
            }
        }
        foreach (var tag in new[] { "_symmetry_space_group_name_H-M", "_space_group_name_H-M_alt" })
            if (b.Values.TryGetValue(tag, out var hm) && !IsMissing(hm) && hm.Text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() != "P1")
                throw new StructureFormatException(Path, b.Name, hm.Line, $"space group '{hm.Text}' is given without symmetry operations; add a _symmetry_equiv_pos_as_xyz loop or expand the structure to P1");
        return new[] { SymmetryOperation.Identity };
    }

    private static bool IsMissing(CifToken t) => !t.Quoted && (t.Text == "?" || t.Text == ".");

    private double Number(CifToken t, string tag, string block)
    {
        var s = t.Text;
        int paren = s.IndexOf('(');
        if (paren > 0) s = s[..paren];
        if (NumberParsing.TryDouble(s, out double v)) return v;
        throw new StructureFormatException(Path, block, t.Line, $"{tag}: '{t.Text}' is not a number");
    }

    private static double PeriodicDistance(Lattice lattice, Vec3 a, Vec3 b)
    {
        var d = a - b;
        d = new Vec3(d.X - Math.Round(d.X), d.Y - Math.Round(d.Y), d.Z - Math.Round(d.Z));
        double best = double.PositiveInfinity;
        for (int i = -1; i <= 1; i++)
            for (int j = -1; j <= 1; j++)
                for (int k = -1; k <= 1; k++)
                    best = Math.Min(best, lattice.ToCartesian(d + new Vec3(i, j, k)).Length);
        return best;
    }
}
