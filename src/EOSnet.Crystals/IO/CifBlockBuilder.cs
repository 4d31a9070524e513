using System.Globalization;

namespace EOSnet.Crystals.IO;

/// <summary>Builds the crystal of one CIF data block for <see cref="CifReader"/>, collecting its warnings.</summary>
internal sealed class CifBlockBuilder
{
    /// <summary>Fractional coordinates this far from the cell are placeholders, not atoms.</summary>
    private const double PlaceholderCoordinate = 10;
    /// <summary>Occupancies above 1 by more than this are errors in the file.</summary>
    private const double OccupancyTolerance = 0.01;

    private readonly CifReader _reader;
    private readonly CifBlock _b;
    private readonly List<string> _warnings;

    public CifBlockBuilder(CifReader reader, CifBlock block, List<string> warnings)
    {
        _reader = reader;
        _b = block;
        _warnings = warnings;
    }

    private string Path => _reader.Path;

    private sealed record Site(int Z, Vec3 F, double Occ, long Line, string Label, int Row);

    public Crystal Build()
    {
        var lattice = Lattice();
        var candidates = CifSymmetry.Resolve(_b, Path);
        var sites = Sites();
        var chosen = Choose(candidates, lattice, sites);
        var merged = Merge(chosen.Expanded, lattice, chosen.Candidate);
        try
        {
            return Crystal.FromFractional(lattice, merged.Select(m => m.Z), merged.Select(m => m.F), _b.Name,
                new Dictionary<string, string> { ["source"] = Path });
        }
        catch (InvalidStructureException e) { throw new StructureFormatException(Path, _b.Name, _b.Line, e.Message, e); }
    }

    private Lattice Lattice()
    {
        double Cell(string tag)
        {
            var t = _b.Single(tag) ?? throw new StructureFormatException(Path, _b.Name, _b.Line, $"missing {tag}");
            if (CifValues.IsMissing(t)) throw new StructureFormatException(Path, _b.Name, t.Line, $"{tag} is given as '{t.Text}' (unknown)");
            return Number(t, tag);
        }
        try
        {
            return Crystals.Lattice.FromParameters(Cell("_cell_length_a"), Cell("_cell_length_b"), Cell("_cell_length_c"),
                Cell("_cell_angle_alpha"), Cell("_cell_angle_beta"), Cell("_cell_angle_gamma"));
        }
        catch (InvalidStructureException e) { throw new StructureFormatException(Path, _b.Name, _b.Line, e.Message, e); }
    }

    /// <summary>The asymmetric unit: atoms only, each with its species and occupancy.</summary>
    private List<Site> Sites()
    {
        var loop = _b.LoopWith("_atom_site_fract_x")!;
        int cx = loop.Column("_atom_site_fract_x"), cy = loop.Column("_atom_site_fract_y"), cz = loop.Column("_atom_site_fract_z");
        if (cy < 0 || cz < 0) throw new StructureFormatException(Path, _b.Name, _b.Line, "atom site loop lacks _atom_site_fract_y/z");
        int cType = loop.Column("_atom_site_type_symbol"), cLabel = loop.Column("_atom_site_label"), cOcc = loop.Column("_atom_site_occupancy");
        int cFlag = loop.Column("_atom_site_calc_flag");
        if (cType < 0 && cLabel < 0) throw new StructureFormatException(Path, _b.Name, _b.Line, "atom site loop has neither _atom_site_type_symbol nor _atom_site_label");

        var sites = new List<Site>(loop.Rows.Count);
        var noted = new HashSet<string>(StringComparer.Ordinal);
        var known = new Dictionary<string, CifSpecies>(StringComparer.Ordinal);
        for (int r = 0; r < loop.Rows.Count; r++)
        {
            var row = loop.Rows[r];
            var symbol = cType >= 0 && !CifValues.IsMissing(row[cType]) ? row[cType] : row[Math.Max(cLabel, 0)];
            string label = cLabel >= 0 ? row[cLabel].Text : symbol.Text;
            if (cFlag >= 0 && string.Equals(row[cFlag].Text, "dum", StringComparison.OrdinalIgnoreCase))
            {
                Warn($"dropped dummy site '{label}' (_atom_site_calc_flag dum), line {row[cFlag].Line}");
                continue;
            }
            if (!known.TryGetValue(symbol.Text, out var species))
            {
                if (!CifLabels.TryResolve(symbol.Text, out species))
                    throw new UnrecognizedSpeciesException(Path, _b.Name, symbol.Line, symbol.Text);
                known[symbol.Text] = species;
            }
            if (species.IsDummy)
            {
                Warn($"dropped dummy site {species.Note}, line {symbol.Line}");
                continue;
            }
            if (species.Note is { } note && noted.Add(symbol.Text)) Warn(note);
            if (!Coordinates(row, cx, cy, cz, label, out var f)) continue;
            double occ = cOcc >= 0 && !CifValues.IsMissing(row[cOcc]) ? Number(row[cOcc], "_atom_site_occupancy") : 1.0;
            if (occ <= 0)
            {
                Warn($"dropped site '{label}' of occupancy {occ.ToString(CultureInfo.InvariantCulture)}, line {row[cOcc].Line}");
                continue;
            }
            if (occ > 1 + OccupancyTolerance)
                throw new StructureFormatException(Path, _b.Name, row[cOcc].Line, $"site '{label}' has occupancy {occ.ToString(CultureInfo.InvariantCulture)} > 1");
            if (occ < 1 - 1e-6)
            {
                if (_reader.Disorder == DisorderPolicy.Error)
                    throw new DisorderedStructureException(Path, _b.Name, row[cx].Line, $"site {symbol.Text} has occupancy {occ.ToString(CultureInfo.InvariantCulture)}; use DisorderPolicy.Majority or DropPartial to read it anyway");
                if (_reader.Disorder == DisorderPolicy.DropPartial)
                {
                    Warn($"dropped partially occupied site '{label}' (occupancy {occ.ToString(CultureInfo.InvariantCulture)}; Disorder = DropPartial)");
                    continue;
                }
            }
            sites.Add(new Site(species.AtomicNumber, f, Math.Min(occ, 1), row[cx].Line, label, r));
        }
        return sites;
    }

    private bool Coordinates(CifToken[] row, int cx, int cy, int cz, string label, out Vec3 f)
    {
        f = default;
        if (CifValues.IsMissing(row[cx]) || CifValues.IsMissing(row[cy]) || CifValues.IsMissing(row[cz]))
        {
            Warn($"dropped placeholder site '{label}' without coordinates, line {row[cx].Line}");
            return false;
        }
        f = new Vec3(Number(row[cx], "_atom_site_fract_x"), Number(row[cy], "_atom_site_fract_y"), Number(row[cz], "_atom_site_fract_z"));
        if (Math.Abs(f.X) >= PlaceholderCoordinate || Math.Abs(f.Y) >= PlaceholderCoordinate || Math.Abs(f.Z) >= PlaceholderCoordinate)
        {
            Warn($"dropped placeholder site '{label}' at impossible fractional coordinates ({row[cx].Text}, {row[cy].Text}, {row[cz].Text}), line {row[cx].Line}");
            return false;
        }
        return true;
    }

    private sealed record Expansion(CifSymmetryCandidate Candidate, List<(Site Site, Vec3 F)> Expanded);

    /// <summary>The one candidate setting the structure fits (the only candidate when the file leaves no choice).</summary>
    private Expansion Choose(IReadOnlyList<CifSymmetryCandidate> candidates, Lattice lattice, List<Site> sites)
    {
        if (candidates.Count == 1) return new Expansion(candidates[0], Expand(candidates[0], sites));
        var verdicts = candidates.Select(c => (Candidate: c, Misfit: Misfit(c, lattice, sites))).ToList();
        var fitting = verdicts.Where(v => v.Misfit is null).ToList();
        var described = string.Join("; ", verdicts.Select(v => $"{v.Candidate.Name}: {v.Misfit ?? "fits"}"));
        if (fitting.Count != 1)
            throw new StructureFormatException(Path, _b.Name, _b.Line,
                $"the space group leaves the setting open and the structure does not decide it ({described}); give the setting (e.g. ':1'/':2', ':H'/':R', _space_group.IT_coordinate_system_code) or the symmetry operations");
        Warn($"setting inferred from the structure: {fitting[0].Candidate.Name} ({described})");
        return new Expansion(fitting[0].Candidate, Expand(fitting[0].Candidate, sites));
    }

    /// <summary>Why the structure does not fit a candidate setting, or null when it does.</summary>
    private string? Misfit(CifSymmetryCandidate c, Lattice lattice, List<Site> sites)
    {
        if (c.Setting is { } s && (s.Choice == "H" || s.Choice == "R"))
        {
            var (a, b, cc, alpha, beta, gamma) = Parameters(lattice);
            bool hexagonal = Close(a, b, 1e-3 * a) && Close(alpha, 90, 0.1) && Close(beta, 90, 0.1) && Close(gamma, 120, 0.1);
            bool rhombohedral = Close(a, b, 1e-3 * a) && Close(a, cc, 1e-3 * a) && Close(alpha, beta, 0.1) && Close(alpha, gamma, 0.1);
            if (s.Choice == "H" && !hexagonal) return "the cell is not hexagonal";
            if (s.Choice == "R" && !rhombohedral) return "the cell is not rhombohedral";
        }
        var expanded = Merge(Expand(c, sites), lattice, c, quiet: true);
        if (StatedMultiplicities() is { } stated)
            foreach (var (row, multiplicity) in stated)
            {
                int images = expanded.Count(m => m.Site.Row == row);
                if (images > 0 && images != multiplicity) return $"site '{sites.First(x => x.Row == row).Label}' has {images} images, the file says multiplicity {multiplicity}";
            }
        if (AtomsFromFormula() is int n && sites.All(x => x.Occ >= 1 - 1e-6) && expanded.Count != n)
            return $"{expanded.Count} atoms, while _chemical_formula_sum × _cell_formula_units_Z gives {n}";
        double closest = double.PositiveInfinity;
        for (int i = 0; i < expanded.Count; i++)
            for (int j = i + 1; j < expanded.Count; j++)
                closest = Math.Min(closest, PeriodicDistance(lattice, expanded[i].F, expanded[j].F));
        return closest < _reader.MinimumSeparation
            ? $"atoms {closest.ToString("F2", CultureInfo.InvariantCulture)} Å apart"
            : null;
    }

    private static (double A, double B, double C, double Alpha, double Beta, double Gamma) Parameters(Lattice l)
    {
        static double Angle(Vec3 u, Vec3 v) => Math.Acos(Math.Clamp(u.Dot(v) / (u.Length * v.Length), -1, 1)) * 180 / Math.PI;
        return (l.A.Length, l.B.Length, l.C.Length, Angle(l.B, l.C), Angle(l.A, l.C), Angle(l.A, l.B));
    }

    /// <summary>_atom_site_symmetry_multiplicity by atom-site row, when the file gives it.</summary>
    private Dictionary<int, int>? StatedMultiplicities()
    {
        var loop = _b.LoopWith("_atom_site_fract_x")!;
        int c = loop.Column("_atom_site_symmetry_multiplicity");
        if (c < 0) return null;
        var stated = new Dictionary<int, int>();
        for (int r = 0; r < loop.Rows.Count; r++)
            if (NumberParsing.TryInt(loop.Rows[r][c].Text, out int m) && m > 0) stated[r] = m;
        return stated;
    }

    /// <summary>Atoms per cell from _chemical_formula_sum × _cell_formula_units_Z, when both are given and whole.</summary>
    private int? AtomsFromFormula()
    {
        if (_b.Single("_chemical_formula_sum") is not { } formula || _b.Single("_cell_formula_units_Z") is not { } zToken) return null;
        if (!NumberParsing.TryInt(zToken.Text, out int z) || z <= 0) return null;
        double total = 0;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(formula.Text, @"([A-Z][a-z]?)([0-9.]*)"))
        {
            if (m.Groups[2].Value.Length == 0) total += 1;
            else if (NumberParsing.TryDouble(m.Groups[2].Value, out double count)) total += count;
            else return null;
        }
        double atoms = total * z;
        return total > 0 && Math.Abs(atoms - Math.Round(atoms)) < 1e-6 ? (int)Math.Round(atoms) : null;
    }

    private static bool Close(double x, double y, double tolerance) => Math.Abs(x - y) <= tolerance;

    private static List<(Site Site, Vec3 F)> Expand(CifSymmetryCandidate c, List<Site> sites)
    {
        var images = new List<(Site, Vec3)>(sites.Count * c.Operations.Count * c.Centrings.Count);
        foreach (var s in sites)
            foreach (var op in c.Operations)
                foreach (var centring in c.Centrings)
                {
                    var f = centring.Apply(op.Apply(s.F));
                    images.Add((s, new Vec3(Crystal.Wrap(f.X), Crystal.Wrap(f.Y), Crystal.Wrap(f.Z))));
                }
        return images;
    }

    /// <summary>
    /// Symmetry images within the merge tolerance become one site. Images of one row coinciding is a special position;
    /// images of different rows coinciding are duplicate sites (merged, with a warning) or, with different species,
    /// substitutional disorder (an error, or the majority species under <see cref="DisorderPolicy.Majority"/>).
    /// </summary>
    private List<(int Z, Vec3 F, Site Site)> Merge(List<(Site Site, Vec3 F)> images, Lattice lattice, CifSymmetryCandidate c, bool quiet = false)
    {
        var merged = new List<(int Z, Vec3 F, Site Site)>();
        var duplicates = new HashSet<(int, int)>();
        foreach (var (s, f) in images)
        {
            int found = merged.FindIndex(m => PeriodicDistance(lattice, m.F, f) < _reader.MergeTolerance);
            if (found < 0) { merged.Add((s.Z, f, s)); continue; }
            var kept = merged[found].Site;
            if (kept.Row == s.Row) continue;
            if (quiet) continue;
            if (kept.Z == s.Z)
            {
                if (duplicates.Add((kept.Row, s.Row)))
                    Warn($"merged duplicate site '{s.Label}' (line {s.Line}) into '{kept.Label}' (line {kept.Line}): images closer than {_reader.MergeTolerance.ToString(CultureInfo.InvariantCulture)} Å under {c.Name}");
                continue;
            }
            if (_reader.Disorder == DisorderPolicy.Error)
                throw new DisorderedStructureException(Path, _b.Name, s.Line, $"{Elements.Symbol(kept.Z)} and {Elements.Symbol(s.Z)} share a site; use DisorderPolicy.Majority to keep the majority species");
            var winner = s.Occ > kept.Occ ? s : kept;
            var loser = ReferenceEquals(winner, s) ? kept : s;
            if (duplicates.Add((Math.Min(kept.Row, s.Row), Math.Max(kept.Row, s.Row))))
                Warn($"kept the majority species {Elements.Symbol(winner.Z)} ('{winner.Label}', occupancy {winner.Occ.ToString(CultureInfo.InvariantCulture)}) over {Elements.Symbol(loser.Z)} ('{loser.Label}', occupancy {loser.Occ.ToString(CultureInfo.InvariantCulture)}) on a shared site (Disorder = Majority)");
            if (ReferenceEquals(winner, s)) merged[found] = (s.Z, merged[found].F, s);
        }
        if (!quiet && _reader.Disorder == DisorderPolicy.Majority)
            foreach (var site in merged.Select(m => m.Site).Distinct().Where(s => s.Occ < 1 - 1e-6))
                Warn($"kept partially occupied site '{site.Label}' (occupancy {site.Occ.ToString(CultureInfo.InvariantCulture)}) as a full atom (Disorder = Majority)");
        return merged;
    }

    private void Warn(string message) => _warnings.Add(message);

    private double Number(CifToken t, string tag)
    {
        var s = t.Text;
        int paren = s.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0) s = s[..paren];
        if (NumberParsing.TryDouble(s, out double v)) return v;
        throw new StructureFormatException(Path, _b.Name, t.Line, $"{tag}: '{t.Text}' is not a number");
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
