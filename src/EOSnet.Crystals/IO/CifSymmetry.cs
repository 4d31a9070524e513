using EOSnet.Crystals.Symmetry;

namespace EOSnet.Crystals.IO;

/// <summary>One reading of a block's symmetry: a name and its operations (pure centring translations separate).</summary>
internal sealed record CifSymmetryCandidate(string Name, IReadOnlyList<SymmetryOperation> Operations, IReadOnlyList<SymmetryOperation> Centrings,
    SpaceGroupSetting? Setting);

/// <summary>
/// The symmetry of a CIF data block, from every form CIF uses, in this order: explicit operations
/// (<c>_symmetry_equiv_pos_as_xyz</c>, <c>_space_group_symop_operation_xyz</c>, <c>_space_group_symop.operation_xyz</c>),
/// magnetic operations (<c>_space_group_symop_magn_operation.xyz</c> with <c>_space_group_symop_magn_centering.xyz</c>;
/// the time-reversal part is dropped: spins are not read), a Hall symbol, a Hermann–Mauguin symbol (with
/// <c>_space_group.IT_coordinate_system_code</c> when given) and a space-group number. Superspace (incommensurate)
/// structures are refused. Where the symbol leaves the setting open (two origin choices, hexagonal or rhombohedral
/// axes) every candidate is returned: <see cref="CifReader"/> keeps the one the structure fits, or refuses.
/// </summary>
internal static class CifSymmetry
{
    private static readonly string[] OperationTags =
        ["_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz", "_space_group_symop.operation_xyz"];
    private static readonly string[] MagneticTags =
        ["_space_group_symop_magn_operation.xyz", "_space_group_symop_magn_operation_xyz", "_space_group_symop.magn_operation_xyz"];
    private static readonly string[] MagneticCentringTags =
        ["_space_group_symop_magn_centering.xyz", "_space_group_symop_magn_centering_xyz", "_space_group_symop.magn_centering_xyz"];
    private static readonly string[] SuperspaceTags =
        ["_space_group_symop_ssg_operation_algebraic", "_space_group_symop.ssg_operation_algebraic", "_space_group_ssg_name",
         "_cell_wave_vector_seq_id", "_cell_modulation_dimension", "_space_group_symop_magn_ssg_operation.algebraic"];
    private static readonly string[] HallTags = ["_symmetry_space_group_name_Hall", "_space_group_name_Hall", "_space_group.name_Hall"];
    private static readonly string[] HermannMauguinTags =
        ["_symmetry_space_group_name_H-M", "_space_group_name_H-M_alt", "_space_group.name_H-M_alt", "_space_group_name_H-M_ref", "_space_group.name_H-M_full"];
    private static readonly string[] NumberTags = ["_space_group_IT_number", "_symmetry_Int_Tables_number", "_space_group.IT_number"];
    private static readonly string[] CoordinateCodeTags = ["_space_group_IT_coordinate_system_code", "_space_group.IT_coordinate_system_code"];

    private static readonly IReadOnlyList<SymmetryOperation> NoCentring = [SymmetryOperation.Identity];

    /// <summary>The candidate readings of the block's symmetry (one, or several to be decided by the structure).</summary>
    /// <exception cref="StructureFormatException">Superspace, unknown symbols, inconsistent number, bad operations.</exception>
    public static IReadOnlyList<CifSymmetryCandidate> Resolve(CifBlock b, string path)
    {
        foreach (var tag in SuperspaceTags)
            if (b.Values.ContainsKey(tag) || b.LoopWith(tag) is not null)
                throw new StructureFormatException(path, b.Name, b.Line, $"superspace (incommensurately modulated) structure ({tag}): not supported; give the average structure or an approximant");
        if (Column(b, OperationTags, path) is { } ops)
            return [new CifSymmetryCandidate("the listed operations", ops, NoCentring, null)];
        if (Column(b, MagneticTags, path, magnetic: true) is { } magnetic)
        {
            var centrings = Column(b, MagneticCentringTags, path, magnetic: true) ?? NoCentring;
            return [new CifSymmetryCandidate("the listed magnetic operations (time reversal ignored)", magnetic, centrings, null)];
        }
        int? number = Number(b, path);
        var code = Value(b, CoordinateCodeTags);
        if (Value(b, HallTags) is { } hall)
        {
            var setting = SpaceGroupTable.FromHall(hall.Text)
                ?? throw new StructureFormatException(path, b.Name, hall.Line, $"Hall symbol '{hall.Text}' is not in the space-group table (spglib's 530 settings); add the symmetry operations");
            CheckNumber(setting.Number, number, hall, b, path);
            return [FromSetting(setting)];
        }
        if (Value(b, HermannMauguinTags) is { } hm)
        {
            var symbol = code is null ? hm.Text : $"{hm.Text}:{code.Value.Text}";
            var settings = SpaceGroupTable.FromHermannMauguin(symbol);
            if (settings.Count == 0 && code is not null) settings = SpaceGroupTable.FromHermannMauguin(hm.Text);
            if (settings.Count == 0)
            {
                if (number is int n) return FromNumber(n, code, b, path);
                throw new StructureFormatException(path, b.Name, hm.Line, $"space group '{hm.Text}' is not a Hermann–Mauguin symbol of the space-group table (spglib's 530 settings); add the symmetry operations");
            }
            foreach (var s in settings) CheckNumber(s.Number, number, hm, b, path);
            return settings.Select(FromSetting).ToList();
        }
        if (number is int only) return FromNumber(only, code, b, path);
        return [new CifSymmetryCandidate("P1 (no symmetry given)", [SymmetryOperation.Identity], NoCentring, null)];
    }

    private static List<CifSymmetryCandidate> FromNumber(int number, CifToken? code, CifBlock b, string path)
    {
        var settings = SpaceGroupTable.FromNumber(number);
        if (code is not null)
        {
            // A coordinate-system code names one setting of the number (e.g. 2, H, b2, -cba): any of its settings.
            var coded = SpaceGroupTable.All.Where(s => s.Number == number && string.Equals(s.Choice, code.Value.Text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (coded.Count > 0) settings = coded;
        }
        return settings.Select(FromSetting).ToList();
    }

    private static CifSymmetryCandidate FromSetting(SpaceGroupSetting s) =>
        new($"{s.HermannMauguinFull} (No. {s.Number}{(s.Choice.Length > 0 ? ", setting " + s.Choice : "")}, Hall '{s.HallSymbol}')", s.Operations, NoCentring, s);

    private static void CheckNumber(int fromSymbol, int? stated, CifToken symbol, CifBlock b, string path)
    {
        if (stated is int n && n != fromSymbol)
            throw new StructureFormatException(path, b.Name, symbol.Line, $"space group '{symbol.Text}' is No. {fromSymbol} but the block states No. {n}");
    }

    private static int? Number(CifBlock b, string path)
    {
        if (Value(b, NumberTags) is not { } t) return null;
        if (!NumberParsing.TryInt(t.Text, out int n) || n < 1 || n > 230)
            throw new StructureFormatException(path, b.Name, t.Line, $"space-group number '{t.Text}' is not 1…230");
        return n;
    }

    private static CifToken? Value(CifBlock b, string[] tags)
    {
        foreach (var tag in tags)
            if (b.Values.TryGetValue(tag, out var t) && !CifValues.IsMissing(t) && t.Text.Trim().Length > 0) return t;
        return null;
    }

    private static List<SymmetryOperation>? Column(CifBlock b, string[] tags, string path, bool magnetic = false)
    {
        foreach (var tag in tags)
        {
            IEnumerable<CifToken> tokens;
            if (b.LoopWith(tag) is { } loop) tokens = loop.Rows.Select(r => r[loop.Column(tag)]);
            else if (b.Values.TryGetValue(tag, out var single)) tokens = [single];
            else continue;
            return tokens.Select(t =>
            {
                var text = magnetic ? WithoutTimeReversal(t, b, path) : t.Text;
                try { return SymmetryOperation.Parse(text); }
                catch (FormatException e) { throw new StructureFormatException(path, b.Name, t.Line, e.Message, e); }
            }).ToList();
        }
        return null;
    }

    /// <summary>"x,y,z,+1" → "x,y,z": the fourth component of a magnetic operation is time reversal.</summary>
    private static string WithoutTimeReversal(CifToken t, CifBlock b, string path)
    {
        var parts = t.Text.Split(',');
        if (parts.Length != 4)
            throw new StructureFormatException(path, b.Name, t.Line, $"magnetic operation '{t.Text}' does not have four components (x,y,z,±1)");
        return string.Join(',', parts[..3]);
    }
}
