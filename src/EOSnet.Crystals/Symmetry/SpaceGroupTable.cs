namespace EOSnet.Crystals.Symmetry;

/// <summary>
/// The 230 space groups in the 530 settings of spglib's database (Hall numbers 1…530), with their symmetry
/// operations, looked up by Hall symbol, Hermann–Mauguin symbol or number. The table is generated data
/// (<c>space-groups.tsv</c>, an embedded resource written by <c>scripts/generate-space-groups.py</c> from spglib's C
/// library; spglib is BSD-3-Clause, see <c>SPGLIB-LICENSE.txt</c>); it is parsed once, on first use, thread-safely.
/// </summary>
/// <remarks>
/// Where a symbol names several settings, the lookups follow these rules:
/// <list type="number">
/// <item>A setting suffix (":1", ":2", ":H", ":R", a trailing " S"/" Z" or " H"/" R" as ICSD writes them, "origin choice 2",
/// "hexagonal axes", or spglib's choice codes such as ":b", ":c1", ":-cba", ":1cab", ":abc") or a full symbol that names
/// one setting gives that one.</item>
/// <item>A monoclinic or orthorhombic symbol that several settings share gives the standard setting of
/// International Tables A: for monoclinic groups unique axis b, cell choice 1 (where no setting with unique axis b has
/// the symbol: unique axis c, then a, as spglib's own abbreviations "P 2/b = P 1 1 2/b" do); for orthorhombic groups
/// the axes "abc" (else the first of ITA's order ba-c, cab, -cba, bca, a-cb).</item>
/// <item>Where convention does not decide, every candidate comes back, in spglib's order: a group with two origin
/// choices given without the choice (origin choice 1 first), and a rhombohedral group given without ":H"/":R"
/// (hexagonal axes first). The caller decides, e.g. from the structure.</item>
/// </list>
/// </remarks>
public static class SpaceGroupTable
{
    private static readonly Lazy<SpaceGroupIndex> Index = new(SpaceGroupIndex.Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>All 530 settings, in Hall-number order (<c>All[i].HallNumber == i + 1</c>).</summary>
    public static IReadOnlyList<SpaceGroupSetting> All => Index.Value.Settings;

    /// <summary>The table's provenance: the comment lines at the top of <c>space-groups.tsv</c> (spglib version, licence, command, date).</summary>
    public static string Provenance => Index.Value.Provenance;

    /// <summary>
    /// The setting with this Hall symbol, or null when the table has none. The comparison ignores the case of every
    /// letter (the lattice letter is upper case, the rest lower case), repeated or surrounding spaces, spaces after a '-'
    /// ("- P 2yn"), '_' for a space and commas in a change-of-origin vector ("(0,0,4)"). A Hall symbol that spells a setting
    /// differently from spglib (other generators, as in Hall's and International Tables B's lists and in spglib before
    /// 2.1: "P 31 2c (0 0 1)" for spglib's "P 31 2 (0 0 4)", "-C 2bc 2" for "-C 2ac 2") is recognised by the operations it
    /// generates. Where one set of operations appears twice in the table (the origin-choice-1 settings of No. 68 with
    /// permuted axes), the first setting is returned.
    /// </summary>
    public static SpaceGroupSetting? FromHall(string hallSymbol)
    {
        ArgumentNullException.ThrowIfNull(hallSymbol);
        return Index.Value.FromHall(hallSymbol);
    }

    /// <summary>
    /// The settings that a Hermann–Mauguin symbol names (see the rules in the remarks of <see cref="SpaceGroupTable"/>):
    /// one, or two where convention leaves the setting open; empty when the symbol is not known. Accepted spellings:
    /// with or without spaces ("P 21/n", "P21/n", "P 1 21/n 1"), subscripts with or without '_' ("P2_1/n", "P 4_2/m n m"),
    /// any letter case ("PM-3M"), short, full or spglib "international" symbols, the old cubic symbols without the bar
    /// ("Pm3m", "Fd3m", "Ia3d"), the old orthorhombic symbols before the 'e' glide ("Cmca", "Abm2", "Cmma", "Ccca", "Aba2"),
    /// full symbols in which secondary or tertiary rotation parts are written or omitted ("P 4/n 21/m 2/m"), and the setting
    /// suffixes listed in the remarks. A short monoclinic symbol without setting ("P 21/n", "P 21/c") gives unique axis b.
    /// </summary>
    public static IReadOnlyList<SpaceGroupSetting> FromHermannMauguin(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return Index.Value.FromHermannMauguin(symbol);
    }

    /// <summary>
    /// The standard setting(s) of space group <paramref name="number"/> under the rules in the remarks of
    /// <see cref="SpaceGroupTable"/>: one setting (monoclinic: unique axis b, cell choice 1; orthorhombic: abc), or both
    /// origin choices (e.g. No. 227), or hexagonal and rhombohedral axes (e.g. No. 166).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="number"/> is not 1…230.</exception>
    public static IReadOnlyList<SpaceGroupSetting> FromNumber(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 230);
        return Index.Value.FromNumber(number);
    }
}
