using System.Text;

namespace EOSnet.Crystals.IO;

/// <summary>A CIF token with its 1-based line.</summary>
internal readonly record struct CifToken(string Text, long Line, bool Quoted);

/// <summary>Splits CIF 1.1 text into tokens: comments, quoted strings, semicolon text fields, bare words.</summary>
internal static class CifTokenizer
{
    public static IEnumerable<CifToken> Tokenize(TextReader reader)
    {
        long lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.StartsWith(';'))
            {
                long start = lineNo;
                var sb = new StringBuilder(line[1..]);
                bool closed = false;
                while ((line = reader.ReadLine()) is not null)
                {
                    lineNo++;
                    if (line.StartsWith(';')) { closed = true; break; }
                    sb.Append('\n').Append(line);
                }
                if (!closed) throw new FormatException($"line {start}: unterminated ';' text field");
                yield return new CifToken(sb.ToString(), start, true);
                continue;
            }
            int i = 0;
            while (i < line.Length)
            {
                char c = line[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '#') break;
                if (c == '\'' || c == '"')
                {
                    // A quote closes only when followed by whitespace or the end of the line.
                    int j = i + 1;
                    while (j < line.Length && !(line[j] == c && (j + 1 == line.Length || char.IsWhiteSpace(line[j + 1])))) j++;
                    if (j >= line.Length) throw new FormatException($"line {lineNo}: unterminated quoted string");
                    yield return new CifToken(line[(i + 1)..j], lineNo, true);
                    i = j + 1;
                    continue;
                }
                int k = i;
                while (k < line.Length && !char.IsWhiteSpace(line[k])) k++;
                yield return new CifToken(line[i..k], lineNo, false);
                i = k;
            }
        }
    }
}

/// <summary>One CIF data block: single-valued tags and loops.</summary>
internal sealed class CifBlock
{
    public CifBlock(string name, long line) { Name = name; Line = line; }
    public string Name { get; }
    public long Line { get; }
    public Dictionary<string, CifToken> Values { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<CifLoop> Loops { get; } = new();

    /// <summary>A syntax error inside this block (the block fails; the file's other blocks are read).</summary>
    public StructureSyntaxError? Error { get; set; }

    public CifLoop? LoopWith(string tag) => Loops.FirstOrDefault(l => l.Column(tag) >= 0);

    /// <summary>A single value of <paramref name="tag"/>: a plain item, or a loop of that tag with one row.</summary>
    public CifToken? Single(string tag)
    {
        if (Values.TryGetValue(tag, out var t)) return t;
        var loop = LoopWith(tag);
        return loop is not null && loop.Rows.Count == 1 ? loop.Rows[0][loop.Column(tag)] : null;
    }
}

/// <summary>A syntax error found while grouping a block's tokens.</summary>
internal sealed record StructureSyntaxError(long Line, string Message);

/// <summary>CIF's special values.</summary>
internal static class CifValues
{
    /// <summary>An unquoted '?' (unknown) or '.' (inapplicable).</summary>
    public static bool IsMissing(CifToken t) => !t.Quoted && (t.Text == "?" || t.Text == ".");
}

/// <summary>A loop_: column tags and rows of tokens.</summary>
internal sealed class CifLoop
{
    public List<string> Tags { get; } = new();
    public List<CifToken[]> Rows { get; } = new();
    public int Column(string tag) => Tags.FindIndex(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Groups tokens into data blocks.</summary>
internal static class CifParser
{
    public static IEnumerable<CifBlock> Blocks(IEnumerable<CifToken> tokens)
    {
        using var e = tokens.GetEnumerator();
        CifBlock? block = null;
        bool has = e.MoveNext();
        while (has)
        {
            var t = e.Current;
            if (!t.Quoted && t.Text.StartsWith("data_", StringComparison.OrdinalIgnoreCase))
            {
                if (block is not null) yield return block;
                block = new CifBlock(t.Text[5..], t.Line);
                has = e.MoveNext();
                continue;
            }
            if (block is null) { has = e.MoveNext(); continue; } // global_ or text before the first block
            if (!t.Quoted && t.Text.Equals("loop_", StringComparison.OrdinalIgnoreCase))
            {
                var loop = new CifLoop();
                has = e.MoveNext();
                while (has && !e.Current.Quoted && e.Current.Text.StartsWith('_')) { loop.Tags.Add(e.Current.Text); has = e.MoveNext(); }
                var values = new List<CifToken>();
                while (has && !(!e.Current.Quoted && (e.Current.Text.StartsWith('_') || e.Current.Text.Equals("loop_", StringComparison.OrdinalIgnoreCase)
                                                      || e.Current.Text.StartsWith("data_", StringComparison.OrdinalIgnoreCase))))
                {
                    values.Add(e.Current);
                    has = e.MoveNext();
                }
                if (loop.Tags.Count > 0)
                {
                    if (values.Count % loop.Tags.Count != 0)
                        block.Error ??= new StructureSyntaxError(values.Count > 0 ? values[^1].Line : t.Line, $"loop with {loop.Tags.Count} columns has {values.Count} values (not a multiple)");
                    else
                        for (int r = 0; r < values.Count; r += loop.Tags.Count) loop.Rows.Add(values.GetRange(r, loop.Tags.Count).ToArray());
                }
                block.Loops.Add(loop);
                continue;
            }
            if (!t.Quoted && t.Text.StartsWith('_'))
            {
                has = e.MoveNext();
                if (!has) { block.Error ??= new StructureSyntaxError(t.Line, $"tag {t.Text} has no value"); break; }
                block.Values[t.Text] = e.Current;
                has = e.MoveNext();
                continue;
            }
            block.Error ??= new StructureSyntaxError(t.Line, $"unexpected value '{t.Text}' outside a loop");
            has = e.MoveNext();
        }
        if (block is not null) yield return block;
    }
}
