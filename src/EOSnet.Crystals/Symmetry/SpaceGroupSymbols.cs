using System.Text;
using System.Text.RegularExpressions;

namespace EOSnet.Crystals.Symmetry;

/// <summary>Spelling rules for Hall and Hermann–Mauguin symbols, and the choice among settings a symbol shares.</summary>
internal static partial class SpaceGroupSymbols
{
    private static readonly string[] OrthorhombicOrder = ["abc", "ba-c", "cab", "-cba", "bca", "a-cb"];

    /// <summary>
    /// The symbols of Nos. 39, 41, 64, 67 and 68 before the 'e' (double) glide was introduced, per setting (International
    /// Tables A, Table 4.3.2.1): the letter that stands where the symbol now has 'e'.
    /// </summary>
    internal static readonly IReadOnlyDictionary<(int Number, string Axes), string> OldGlideSymbols = new Dictionary<(int, string), string>
    {
        [(39, "abc")] = "A b m 2", [(39, "ba-c")] = "B m a 2", [(39, "cab")] = "B 2 c m",
        [(39, "-cba")] = "C 2 m b", [(39, "bca")] = "C m 2 a", [(39, "a-cb")] = "A c 2 m",
        [(41, "abc")] = "A b a 2", [(41, "ba-c")] = "B b a 2", [(41, "cab")] = "B 2 c b",
        [(41, "-cba")] = "C 2 c b", [(41, "bca")] = "C c 2 a", [(41, "a-cb")] = "A c 2 a",
        [(64, "abc")] = "C m c a", [(64, "ba-c")] = "C c m b", [(64, "cab")] = "A b m a",
        [(64, "-cba")] = "A c a m", [(64, "bca")] = "B b c m", [(64, "a-cb")] = "B m a b",
        [(67, "abc")] = "C m m a", [(67, "ba-c")] = "C m m b", [(67, "cab")] = "A b m m",
        [(67, "-cba")] = "A c m m", [(67, "bca")] = "B m c m", [(67, "a-cb")] = "B m a m",
        [(68, "abc")] = "C c c a", [(68, "ba-c")] = "C c c b", [(68, "cab")] = "A b a a",
        [(68, "-cba")] = "A c a a", [(68, "bca")] = "B b c b", [(68, "a-cb")] = "B b a b",
    };

    /// <summary>spglib's spellings of a setting: short, full, each " = " part of "international", and for monoclinic
    /// settings the full symbol without its '1's ("P 1 2_1/n 1" → "P 2_1/n").</summary>
    public static IEnumerable<string> Spellings(SpaceGroupSetting s)
    {
        yield return s.HermannMauguinShort;
        yield return s.HermannMauguinFull;
        foreach (var part in s.International.Split('=', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            yield return part;
        if (s.Number is >= 3 and <= 15)
            yield return string.Join(' ', s.HermannMauguinFull.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t != "1"));
    }

    /// <summary>Older spellings: cubic symbols without the bar on 3 ("Pm3m"), and symbols before the 'e' glide ("Cmca").</summary>
    public static IEnumerable<string> DerivedSpellings(SpaceGroupSetting s)
    {
        if (s.Number >= 195)
            foreach (var spelling in Spellings(s))
                if (spelling.Contains("-3", StringComparison.Ordinal)) yield return spelling.Replace("-3", "3", StringComparison.Ordinal);
        if (OldGlideSymbols.TryGetValue((s.Number, Axes(s)), out var old))
        {
            yield return old;
            // The same letter in the full symbol: the e of "C 2/m 2/c 2_1/e" stands where "C m c e" has it.
            var oldParts = old.Split(' ');
            var shortParts = s.International.Split('=')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var fullParts = s.HermannMauguinFull.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int e = Array.IndexOf(shortParts, "e");
            if (e > 0 && fullParts.Length == shortParts.Length && fullParts[e].EndsWith('e'))
            {
                fullParts[e] = fullParts[e][..^1] + oldParts[e];
                yield return string.Join(' ', fullParts);
            }
        }
    }

    /// <summary>The orthorhombic axis setting of a choice code: "abc" for "", "1" or "2"; "cab" for "1cab".</summary>
    public static string Axes(SpaceGroupSetting s)
    {
        var axes = s.Choice.TrimStart('1', '2');
        return axes.Length == 0 ? "abc" : axes;
    }

    /// <summary>The key symbols are compared by: no spaces or '_', Unicode minus signs and subscript digits as ASCII.</summary>
    public static string Compact(string symbol)
    {
        var sb = new StringBuilder(symbol.Length);
        foreach (char c in symbol)
        {
            if (char.IsWhiteSpace(c) || c == '_') continue;
            sb.Append(c switch
            {
                '\u2212' or '\u2013' or '\u2010' or '\u2011' => '-',
                >= '\u2080' and <= '\u2089' => (char)('0' + (c - '\u2080')),
                _ => c,
            });
        }
        return sb.ToString();
    }

    /// <summary>
    /// A spaced four-part symbol ("P 4/n 2_1/m 2/m") with the rotation parts of the second and third positions dropped
    /// ("P 4/n m m"); null for anything else.
    /// </summary>
    public static string? Reduce(string symbol)
    {
        var parts = symbol.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || parts[0].Length != 1 || !char.IsLetter(parts[0][0])) return null;
        bool changed = false;
        for (int i = 2; i <= 3; i++)
        {
            int slash = parts[i].IndexOf('/', StringComparison.Ordinal);
            if (slash < 0) continue;
            parts[i] = parts[i][(slash + 1)..];
            changed = true;
        }
        return changed ? string.Join(' ', parts) : null;
    }

    /// <summary>
    /// A Hall symbol in spglib's spelling: single spaces, none after '-' or inside "(0 0 1)", one before '(', '_' and
    /// commas as spaces, the lattice letter upper case and every other letter lower case.
    /// </summary>
    public static string NormalizeHall(string hall)
    {
        var s = hall.Replace('_', ' ').Replace(',', ' ').Replace('\u2212', '-').Replace("(", " ( ", StringComparison.Ordinal)
            .Replace(")", " ) ", StringComparison.Ordinal).ToLowerInvariant();
        s = string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        s = s.Replace("- ", "-", StringComparison.Ordinal).Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal);
        int lattice = s.StartsWith('-') ? 1 : 0;
        if (lattice < s.Length) s = string.Concat(s.AsSpan(0, lattice), char.ToUpperInvariant(s[lattice]).ToString(), s.AsSpan(lattice + 1));
        return s;
    }

    [GeneratedRegex(@"[\s,]*\(?\s*origin\s*choice\s*([12])\s*\)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginWords();

    [GeneratedRegex(@"[\s,]*\(?\s*(hexagonal|rhombohedral)(\s+(axes|setting|cell))?\s*\)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AxesWords();

    [GeneratedRegex(@"\s+([HRSZhrsz])$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingLetter();

    /// <summary>
    /// The symbol without its setting suffix, and the suffix as a lower-case choice code ("1", "2", "h", "r", "b1",
    /// "-cba", ...; "S" → "1", "Z" → "2"), or null when there is none.
    /// </summary>
    public static (string Body, string? Suffix) SplitSuffix(string symbol)
    {
        var s = symbol.Trim().Trim('\'', '"').Trim();
        int colon = s.LastIndexOf(':');
        if (colon >= 0) return (s[..colon].Trim(), Canonical(s[(colon + 1)..].Trim()));
        if (OriginWords().Match(s) is { Success: true } o) return (s[..o.Index].Trim(), o.Groups[1].Value);
        if (AxesWords().Match(s) is { Success: true } a)
            return (s[..a.Index].Trim(), a.Groups[1].Value.StartsWith('h') || a.Groups[1].Value.StartsWith('H') ? "h" : "r");
        if (TrailingLetter().Match(s) is { Success: true } t) return (s[..t.Index].Trim(), Canonical(t.Groups[1].Value));
        return (s, null);
    }

    private static string Canonical(string suffix) => suffix.ToLowerInvariant() switch
    {
        "s" => "1",
        "z" => "2",
        var other => other.Replace(" ", "", StringComparison.Ordinal),
    };

    /// <summary>Whether a setting has the choice a lower-case suffix names (see <see cref="SplitSuffix"/>).</summary>
    public static bool MatchesChoice(SpaceGroupSetting s, string suffix)
    {
        var choice = s.Choice.ToLowerInvariant();
        if (choice == suffix) return true;
        var (co, cr) = SplitOrigin(choice);
        var (so, sr) = SplitOrigin(suffix);
        if (so is not null && so != co) return false;
        if (sr.Length == 0) return so is not null;
        if (s.Number is >= 16 and <= 74 && cr.Length == 0) cr = "abc";
        if (cr == sr) return true;
        if (s.Number is >= 3 and <= 15)
        {
            if (sr == cr + "1") return true; // "b1" for a group without cell choices ("b")
            if (cr.Length == sr.Length + 1 && cr.StartsWith(sr, StringComparison.Ordinal) && char.IsDigit(cr[^1])) return true; // "b" for "b1".."b3"
        }
        return false;
    }

    private static (string? Origin, string Remainder) SplitOrigin(string code) =>
        code.Length > 0 && code[0] is '1' or '2' ? (code[..1], code[1..]) : (null, code);

    /// <summary>
    /// Settings of one space group that a symbol or number leaves open, narrowed by convention: monoclinic → the one
    /// with unique axis b (then c, then a), unnegated, lowest cell choice; orthorhombic → the first axis setting in ITA's
    /// order abc, ba-c, cab, -cba, bca, a-cb (both origin choices where there are two); otherwise all (origin choice 1
    /// before 2, hexagonal before rhombohedral axes: spglib's order).
    /// </summary>
    public static IReadOnlyList<SpaceGroupSetting> Resolve(IReadOnlyList<SpaceGroupSetting> candidates)
    {
        var sorted = candidates.OrderBy(s => s.HallNumber).ToArray();
        if (sorted.Length <= 1) return Array.AsReadOnly(sorted);
        int number = sorted[0].Number;
        if (sorted.Any(s => s.Number != number)) return Array.AsReadOnly(sorted);
        if (number is >= 3 and <= 15) return Array.AsReadOnly(new[] { sorted.MinBy(MonoclinicRank)! });
        if (number is >= 16 and <= 74)
        {
            int best = sorted.Min(OrthorhombicRank);
            return Array.AsReadOnly(sorted.Where(s => OrthorhombicRank(s) == best).ToArray());
        }
        return Array.AsReadOnly(sorted);
    }

    private static int MonoclinicRank(SpaceGroupSetting s)
    {
        var c = s.Choice;
        bool negated = c.StartsWith('-');
        if (negated) c = c[1..];
        int axis = c.Length > 0 ? c[0] switch { 'b' => 0, 'c' => 1, 'a' => 2, _ => 3 } : 3;
        int cell = c.Length > 1 && char.IsDigit(c[1]) ? c[1] - '0' : 0;
        return axis * 100 + (negated ? 10 : 0) + cell;
    }

    private static int OrthorhombicRank(SpaceGroupSetting s)
    {
        int i = Array.IndexOf(OrthorhombicOrder, Axes(s));
        return i < 0 ? OrthorhombicOrder.Length : i;
    }
}
