using System.Text.RegularExpressions;

namespace EOSnet.Cli.Accuracy;

/// <summary>
/// Named sections of docs/accuracy.md written by other commands (e.g. <c>eosnet finetune-curve --docs</c>), between
/// <c>&lt;!-- section:NAME --&gt;</c> and <c>&lt;!-- /section:NAME --&gt;</c>: regenerating the page from the records keeps them.
/// </summary>
public static partial class AccuracySections
{
    [GeneratedRegex(@"<!-- section:(?<name>[\w.-]+) -->.*?<!-- /section:\k<name> -->\n?", RegexOptions.Singleline)]
    private static partial Regex Section();

    /// <summary>Every section of a page, in order (empty when the file is absent).</summary>
    /// <param name="path">The accuracy page.</param>
    public static string Kept(string path) => File.Exists(path) ? KeptIn(File.ReadAllText(path)) : "";

    /// <summary>Every section of a page's text, in order.</summary>
    /// <param name="text">The page's Markdown.</param>
    public static string KeptIn(string text) =>
        string.Concat(Section().Matches(text).Select(m => m.Value.EndsWith('\n') ? m.Value : m.Value + "\n"));

    /// <summary>Writes (or replaces) section <paramref name="name"/> of the page with <paramref name="content"/>.</summary>
    /// <param name="path">The accuracy page (created when absent).</param>
    /// <param name="name">Section name (letters, digits, '.', '-', '_').</param>
    /// <param name="content">Markdown of the section.</param>
    public static void Replace(string path, string name, string content)
    {
        string block = $"<!-- section:{name} -->\n{content.TrimEnd()}\n<!-- /section:{name} -->\n";
        string text = File.Exists(path) ? File.ReadAllText(path) : "# Accuracy\n";
        var existing = Section().Matches(text).FirstOrDefault(m => m.Groups["name"].Value == name);
        text = existing is null ? text.TrimEnd() + "\n\n" + block : text.Remove(existing.Index, existing.Length).Insert(existing.Index, block);
        File.WriteAllText(path, text);
    }
}
