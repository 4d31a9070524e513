using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using EOSnet.Crystals.IO;

namespace EOSnet.Crystals.Symmetry;

/// <summary>The parsed table and its lookup dictionaries, built once by <see cref="SpaceGroupTable"/>.</summary>
internal sealed class SpaceGroupIndex
{
    internal const string ResourceName = "EOSnet.Crystals.Symmetry.space-groups.tsv";

    private readonly Dictionary<string, SpaceGroupSetting> _hall = new(StringComparer.Ordinal);
    // The set of operations (HallSymbolParser.Key) → the first setting with it: other spellings of a Hall symbol.
    private readonly Dictionary<string, SpaceGroupSetting> _operations = new(StringComparer.Ordinal);
    // Compact Hermann–Mauguin key → settings: spglib's spellings, old cubic symbols, old 'e'-glide symbols.
    private readonly Dictionary<string, List<SpaceGroupSetting>> _symbols = new(StringComparer.OrdinalIgnoreCase);
    // Compact key of a spaced four-part symbol with secondary and tertiary rotation parts dropped → settings.
    private readonly Dictionary<string, List<SpaceGroupSetting>> _reduced = new(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyList<SpaceGroupSetting>[] _byNumber = new IReadOnlyList<SpaceGroupSetting>[231];

    private SpaceGroupIndex(IReadOnlyList<SpaceGroupSetting> settings, string provenance)
    {
        Settings = settings;
        Provenance = provenance;
    }

    public IReadOnlyList<SpaceGroupSetting> Settings { get; }

    public string Provenance { get; }

    public static SpaceGroupIndex Load()
    {
        using var stream = typeof(SpaceGroupIndex).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var provenance = new StringBuilder();
        var settings = new List<SpaceGroupSetting>(530);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (line[0] == '#') { provenance.AppendLine(line.TrimStart('#').Trim()); continue; }
            var f = line.Split('\t');
            if (f.Length != 8
                || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out int hall)
                || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int number)
                || hall != settings.Count + 1 || number is < 1 or > 230)
                throw new InvalidDataException($"{ResourceName} line {lineNumber}: not a row of Hall number {settings.Count + 1}");
            var ops = Array.AsReadOnly(f[7].Split(';').Select(SymmetryOperation.Parse).ToArray());
            settings.Add(new SpaceGroupSetting(hall, number, f[2], f[3], f[4], f[5], f[6], ops));
        }
        if (settings.Count != 530) throw new InvalidDataException($"{ResourceName}: {settings.Count} settings, not 530");
        var index = new SpaceGroupIndex(new ReadOnlyCollection<SpaceGroupSetting>(settings), provenance.ToString().TrimEnd());
        index.Build();
        return index;
    }

    private void Build()
    {
        foreach (var s in Settings)
        {
            _hall.TryAdd(SpaceGroupSymbols.NormalizeHall(s.HallSymbol), s);
            _operations.TryAdd(HallSymbolParser.Key(s.Operations), s);
        }
        for (int n = 1; n <= 230; n++)
        {
            var all = Settings.Where(s => s.Number == n).ToList();
            if (all.Count == 0) throw new InvalidDataException($"{ResourceName}: no setting of space group {n}");
            _byNumber[n] = SpaceGroupSymbols.Resolve(all);
        }

        // spglib's own spellings: every key names settings of one space group, and no two differ only in letter case.
        var primary = new Dictionary<string, List<SpaceGroupSetting>>(StringComparer.Ordinal);
        foreach (var s in Settings)
            foreach (var spelling in SpaceGroupSymbols.Spellings(s))
                Add(primary, SpaceGroupSymbols.Compact(spelling), s);
        foreach (var group in primary.Keys.GroupBy(k => k.ToUpperInvariant()).Where(g => g.Count() > 1))
            throw new InvalidDataException($"{ResourceName}: symbols that differ only in case: {string.Join(", ", group)}");
        foreach (var (key, list) in primary)
        {
            if (list.Select(s => s.Number).Distinct().Count() > 1)
                throw new InvalidDataException($"{ResourceName}: '{key}' names settings of different space groups");
            _symbols[key] = list;
        }

        // Derived spellings, kept only where they name one space group and no spglib spelling of another.
        var derived = new Dictionary<string, List<SpaceGroupSetting>>(StringComparer.OrdinalIgnoreCase);
        var reduced = new Dictionary<string, List<SpaceGroupSetting>>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in Settings)
        {
            foreach (var spelling in SpaceGroupSymbols.DerivedSpellings(s)) Add(derived, SpaceGroupSymbols.Compact(spelling), s);
            foreach (var spelling in SpaceGroupSymbols.Spellings(s).Concat(SpaceGroupSymbols.DerivedSpellings(s)))
                if (SpaceGroupSymbols.Reduce(spelling) is { } r) Add(reduced, SpaceGroupSymbols.Compact(r), s);
        }
        foreach (var (key, list) in derived)
        {
            int number = list[0].Number;
            if (list.Any(s => s.Number != number)) continue;
            if (_symbols.TryGetValue(key, out var existing))
            {
                if (existing[0].Number == number) _symbols[key] = existing.Union(list).OrderBy(s => s.HallNumber).ToList();
            }
            else _symbols[key] = list;
        }
        foreach (var (key, list) in reduced)
            if (list.All(s => s.Number == list[0].Number)) _reduced[key] = list;
    }

    private static void Add(Dictionary<string, List<SpaceGroupSetting>> map, string key, SpaceGroupSetting s)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (!list.Contains(s)) { list.Add(s); list.Sort((a, b) => a.HallNumber.CompareTo(b.HallNumber)); }
    }

    public SpaceGroupSetting? FromHall(string hallSymbol)
    {
        var normalized = SpaceGroupSymbols.NormalizeHall(hallSymbol);
        if (_hall.TryGetValue(normalized, out var setting)) return setting;
        return HallSymbolParser.Operations(normalized) is { } ops ? _operations.GetValueOrDefault(HallSymbolParser.Key(ops)) : null;
    }

    public IReadOnlyList<SpaceGroupSetting> FromNumber(int number) => _byNumber[number];

    public IReadOnlyList<SpaceGroupSetting> FromHermannMauguin(string symbol)
    {
        var (body, suffix) = SpaceGroupSymbols.SplitSuffix(symbol);
        if (body.Length == 0) return [];
        if (!_symbols.TryGetValue(SpaceGroupSymbols.Compact(body), out var candidates)
            && !(SpaceGroupSymbols.Reduce(body) is { } r && _reduced.TryGetValue(SpaceGroupSymbols.Compact(r), out candidates)))
            return [];
        if (suffix is null) return SpaceGroupSymbols.Resolve(candidates);
        var chosen = candidates.Where(s => SpaceGroupSymbols.MatchesChoice(s, suffix)).ToList();
        return chosen.Count == 0 ? [] : SpaceGroupSymbols.Resolve(chosen);
    }
}
