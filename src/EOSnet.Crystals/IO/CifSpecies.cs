namespace EOSnet.Crystals.IO;

/// <summary>What a CIF atom-site label or type symbol names.</summary>
/// <param name="AtomicNumber">The element (0 for a dummy site).</param>
/// <param name="IsDummy">A dummy site (ring centroid, Fourier peak, placeholder): not an atom.</param>
/// <param name="Note">Why the reading is not the plain element symbol (for a warning), or null.</param>
public readonly record struct CifSpecies(int AtomicNumber, bool IsDummy, string? Note);

/// <summary>
/// Species from CIF atom-site labels and type symbols, the way crystallographers write them:
/// <list type="bullet">
/// <item>charges and numbering are stripped: <c>Fe3+</c>, <c>O2-</c>, <c>Na1+</c>, <c>Si1</c>, <c>O12a</c>;</item>
/// <item>names that are not element symbols but have a settled meaning: <c>Wat</c> and <c>Ow</c> (water oxygen) → O,
/// <c>Hw</c> (water hydrogen) → H, <c>D</c> (deuterium) and <c>T</c> (tritium) → H, each with a note;</item>
/// <item>dummy sites: <c>Cg</c> (ring centroid), <c>Cp</c> (cyclopentadienyl centroid), <c>Cnt</c>, <c>Cent</c>,
/// <c>Q</c> (difference-Fourier peak), <c>Du</c>, <c>Dum</c>;</item>
/// <item>otherwise the leading letters: a two-letter element when the second letter is lower case or the label is all
/// upper case (<c>Ca1</c>, <c>CA1</c> → Ca, as pymatgen reads them), else a one-letter element (<c>O1</c>;
/// <c>OB1</c>, <c>Ob1</c> → O with a note, since the letters after the symbol are not numbering).</item>
/// </list>
/// Anything else is not guessed: <see cref="TryResolve"/> returns false (<c>Xy1</c>, <c>Wq</c>, an empty label).
/// </summary>
public static class CifLabels
{
    private static readonly Dictionary<string, (int Z, bool Dummy, string Note)> Conventions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Wat"] = (8, false, "water oxygen"),
        ["Ow"] = (8, false, "water oxygen"),
        ["Hw"] = (1, false, "water hydrogen"),
        ["D"] = (1, false, "deuterium, read as hydrogen"),
        ["T"] = (1, false, "tritium, read as hydrogen"),
        ["Cg"] = (0, true, "ring centroid (dummy site)"),
        ["Cp"] = (0, true, "cyclopentadienyl centroid (dummy site)"),
        ["Cnt"] = (0, true, "centroid (dummy site)"),
        ["Cent"] = (0, true, "centroid (dummy site)"),
        ["Q"] = (0, true, "difference-Fourier peak (dummy site)"),
        ["Du"] = (0, true, "dummy site"),
        ["Dum"] = (0, true, "dummy site"),
    };

    /// <summary>Reads a label or type symbol; false when it names no element in any recognised way.</summary>
    public static bool TryResolve(string? text, out CifSpecies species)
    {
        species = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        int n = 0;
        while (n < s.Length && char.IsAsciiLetter(s[n])) n++;
        if (n == 0) return false;
        var letters = s[..n];
        if (Conventions.TryGetValue(letters, out var c))
        {
            species = new CifSpecies(c.Z, c.Dummy, $"'{text}' read as {(c.Dummy ? "a dummy site" : Elements.Symbol(c.Z))} ({c.Note})");
            return true;
        }
        bool allUpper = letters.All(char.IsAsciiLetterUpper);
        if (n >= 2 && (char.IsAsciiLetterLower(letters[1]) || allUpper) && Element(letters[..2]) is int z2)
        {
            species = new CifSpecies(z2, false, n > 2 ? Note(text, z2) : null);
            return true;
        }
        if (Element(letters[..1]) is int z1)
        {
            species = new CifSpecies(z1, false, n > 1 ? Note(text, z1) : null);
            return true;
        }
        return false;
    }

    private static string Note(string text, int z) => $"label '{text}' read as {Elements.Symbol(z)}";

    private static int? Element(string symbol)
    {
        if (symbol.Length == 0 || symbol.Length > 2) return null;
        var canonical = char.ToUpperInvariant(symbol[0]) + symbol[1..].ToLowerInvariant();
        return Elements.TryGetAtomicNumber(canonical, out int z) && Elements.Symbol(z) == canonical ? z : null;
    }
}
