namespace EOSnet.Crystals;

/// <summary>
/// Periodic-table data: element symbols for Z = 1…118 and the covalent radii (Å) used by the GOM fingerprint
/// (the table of the EOSnet reference, <c>fp/rcov.py</c>, which covers Z = 1…112).
/// </summary>
public static class Elements
{
    /// <summary>Largest atomic number known to <see cref="Symbol"/>.</summary>
    public const int MaxAtomicNumber = 118;

    /// <summary>Largest atomic number with a covalent radius (and a one-hot column) in EOSnet.</summary>
    public const int MaxSupportedAtomicNumber = 112;

    private static readonly string[] Symbols =
    {
        "X",
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
        "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
        "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
        "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
        "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn",
        "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr",
        "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
    };

    // Covalent radii in Å for Z = 0…112 (index = Z), from the EOSnet reference specification §5.3.
    private static readonly double[] CovalentRadii =
    {
        1.00,
        0.37, 0.32, 1.34, 0.90, 0.82, 0.77, 0.75, 0.73, 0.71, 0.69,
        1.54, 1.30, 1.18, 1.11, 1.06, 1.02, 0.99, 0.97, 1.96, 1.74,
        1.44, 1.36, 1.25, 1.27, 1.39, 1.25, 1.26, 1.21, 1.38, 1.31,
        1.26, 1.22, 1.19, 1.16, 1.14, 1.10, 2.11, 1.92, 1.62, 1.48,
        1.37, 1.45, 1.56, 1.26, 1.35, 1.31, 1.53, 1.48, 1.44, 1.41,
        1.38, 1.35, 1.33, 1.30, 2.25, 1.98, 1.80, 1.63, 1.76, 1.74,
        1.73, 1.72, 1.68, 1.69, 1.68, 1.67, 1.66, 1.65, 1.64, 1.70,
        1.60, 1.50, 1.38, 1.46, 1.59, 1.28, 1.37, 1.28, 1.44, 1.49,
        1.48, 1.47, 1.46, 1.45, 1.47, 1.42, 2.23, 2.01, 1.86, 1.75,
        1.69, 1.70, 1.71, 1.72, 1.66, 1.66, 1.68, 1.68, 1.65, 1.67,
        1.73, 1.76, 1.61, 1.57, 1.49, 1.43, 1.41, 1.34, 1.29, 1.28,
        1.21, 1.22,
    };

    private static readonly Dictionary<string, int> BySymbol = BuildLookup();

    private static Dictionary<string, int> BuildLookup()
    {
        var d = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int z = 1; z < Symbols.Length; z++) d[Symbols[z]] = z;
        return d;
    }

    /// <summary>The element symbol of atomic number <paramref name="z"/> (1…118).</summary>
    /// <exception cref="UnknownElementException">When <paramref name="z"/> is outside 1…118.</exception>
    public static string Symbol(int z) =>
        z >= 1 && z <= MaxAtomicNumber ? Symbols[z] : throw new UnknownElementException($"Z = {z} is not an element (valid: 1…{MaxAtomicNumber})");

    /// <summary>
    /// The atomic number of an element symbol. Accepts any case ("si", "SI") and common decorations found in
    /// structure files: oxidation states and labels ("Fe2+", "Fe3", "O2-", "Si1") are stripped to the leading letters.
    /// </summary>
    /// <exception cref="UnknownElementException">When the symbol names no element.</exception>
    public static int AtomicNumber(string symbol)
    {
        if (TryGetAtomicNumber(symbol, out int z)) return z;
        throw new UnknownElementException($"unknown element symbol '{symbol}'");
    }

    /// <summary>Non-throwing form of <see cref="AtomicNumber"/>.</summary>
    public static bool TryGetAtomicNumber(string? symbol, out int z)
    {
        z = 0;
        if (string.IsNullOrWhiteSpace(symbol)) return false;
        var s = symbol.Trim();
        if (BySymbol.TryGetValue(s, out z)) return true;
        int n = 0;
        while (n < s.Length && n < 2 && char.IsAsciiLetter(s[n])) n++;
        // Try two letters, then one ("Fe2+" -> "Fe"; "Os1" -> "Os"; "O2-" -> "O").
        for (int len = n; len >= 1; len--)
        {
            if (BySymbol.TryGetValue(s[..len], out z)) return true;
        }
        z = 0;
        return false;
    }

    /// <summary>Whether EOSnet can featurize atomic number <paramref name="z"/> (1…112).</summary>
    public static bool IsSupported(int z) => z >= 1 && z <= MaxSupportedAtomicNumber;

    /// <summary>Covalent radius (Å) of atomic number <paramref name="z"/> as used by the GOM fingerprint.</summary>
    /// <exception cref="UnsupportedElementException">When z is outside 1…112.</exception>
    public static double CovalentRadius(int z)
    {
        if (!IsSupported(z)) throw new UnsupportedElementException(z);
        return CovalentRadii[z];
    }
}

/// <summary>Thrown for an element symbol or atomic number that names no element.</summary>
public sealed class UnknownElementException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public UnknownElementException(string message) : base(message) { }
}

/// <summary>Thrown when an element exists but EOSnet has no data for it (Z &lt; 1 or Z &gt; 112).</summary>
public sealed class UnsupportedElementException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception for atomic number <paramref name="z"/>.</summary>
    public UnsupportedElementException(int z)
        : base(nameof(z), z, $"Z = {z} is not supported: the covalent-radius table and the one-hot encoding cover Z = 1…{Elements.MaxSupportedAtomicNumber}")
    {
        AtomicNumber = z;
    }

    /// <summary>The offending atomic number.</summary>
    public int AtomicNumber { get; }
}
