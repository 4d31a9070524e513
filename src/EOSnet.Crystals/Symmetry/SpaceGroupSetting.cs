using EOSnet.Crystals.IO;

namespace EOSnet.Crystals.Symmetry;

/// <summary>
/// One setting of a space group: a row of spglib's database (Hall numbers 1…530), with its symbols and its
/// symmetry operations. Instances come from <see cref="SpaceGroupTable"/>.
/// </summary>
public sealed class SpaceGroupSetting
{
    internal SpaceGroupSetting(int hallNumber, int number, string hallSymbol, string hermannMauguinShort,
        string hermannMauguinFull, string international, string choice, IReadOnlyList<SymmetryOperation> operations)
    {
        HallNumber = hallNumber;
        Number = number;
        HallSymbol = hallSymbol;
        HermannMauguinShort = hermannMauguinShort;
        HermannMauguinFull = hermannMauguinFull;
        International = international;
        Choice = choice;
        Operations = operations;
    }

    /// <summary>spglib's serial number of the setting, 1…530 (its order follows International Tables A).</summary>
    public int HallNumber { get; }

    /// <summary>The space-group type: its number in International Tables A, 1…230.</summary>
    public int Number { get; }

    /// <summary>The Hall symbol of this setting, as spglib writes it (e.g. "-P 2ybc", "P 31 2 (0 0 4)").</summary>
    public string HallSymbol { get; }

    /// <summary>
    /// spglib's short Hermann–Mauguin symbol, subscripts as '_' and no spaces (e.g. "Pnma", "P2_1/c", "Fd-3m"). For
    /// monoclinic groups it is the group's standard symbol, the same for every setting; for orthorhombic groups it names the setting.
    /// </summary>
    public string HermannMauguinShort { get; }

    /// <summary>spglib's full Hermann–Mauguin symbol of this setting (e.g. "P 1 2_1/n 1", "P 2_1/n 2_1/m 2_1/a").</summary>
    public string HermannMauguinFull { get; }

    /// <summary>
    /// spglib's "international" symbol of this setting, spaced (e.g. "P n m a", "F d -3 m"); for monoclinic settings it
    /// lists equivalent spellings joined by " = " (e.g. "P 2_1/c = P 1 1 2_1/b = P 2_1/b").
    /// </summary>
    public string International { get; }

    /// <summary>
    /// spglib's setting code, empty for a group's only or standard orthorhombic setting: unique axis and cell choice
    /// ("b", "b1", "-c2"), axis permutation ("ba-c", "cab", "-cba", "bca", "a-cb"), origin choice ("1", "2", "1cab")
    /// or rhombohedral axes ("H", "R"). No leading ':'.
    /// </summary>
    public string Choice { get; }

    /// <summary>
    /// The symmetry operations, centring translations included (e.g. 192 for Fm-3m), translations in [0, 1); the
    /// first is the identity.
    /// </summary>
    public IReadOnlyList<SymmetryOperation> Operations { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{HermannMauguinFull} (No. {Number}{(Choice.Length > 0 ? ":" + Choice : "")}, Hall '{HallSymbol}', Hall number {HallNumber})";
}
