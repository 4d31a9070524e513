using System.Xml.Linq;

namespace EOSnet.Packaging.Tests;

/// <summary>The PackageVersion items of Directory.Packages.props, and version strings compared the way NuGet writes them.</summary>
internal static class CentralVersions
{
    /// <summary>
    /// Package id → version (or range) as written in Directory.Packages.props, with <c>$(Name)</c> replaced by the
    /// value the file's own PropertyGroups give that property (its default, e.g. EosNetMLNetVersion = 5.0.1).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Read(string propsFile)
    {
        var doc = XDocument.Load(propsFile);
        var properties = doc.Root!.Elements("PropertyGroup").SelectMany(g => g.Elements())
            .GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.First().Value.Trim(), StringComparer.OrdinalIgnoreCase);
        string Expand(string value) => System.Text.RegularExpressions.Regex.Replace(value, @"\$\((\w+)\)",
            m => properties.TryGetValue(m.Groups[1].Value, out var v) ? v : throw new InvalidOperationException($"{propsFile}: $({m.Groups[1].Value}) is not defined there"));
        return doc.Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => Expand((string)e.Attribute("Version")!), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A version or range with spaces removed and each version padded to three parts: "[5.0.1,5.1)" → "[5.0.1,5.1.0)".</summary>
    public static string Normalize(string versionOrRange)
    {
        string s = versionOrRange.Replace(" ", "");
        if (s.Length == 0 || (s[0] != '[' && s[0] != '(')) return Pad(s);
        var inner = s[1..^1].Split(',').Select(v => v.Length == 0 ? v : Pad(v));
        return s[0] + string.Join(",", inner) + s[^1];
    }

    private static string Pad(string version)
    {
        int dash = version.IndexOf('-');
        string core = dash < 0 ? version : version[..dash], rest = dash < 0 ? "" : version[dash..];
        var parts = core.Split('.').ToList();
        while (parts.Count < 3) parts.Add("0");
        return string.Join(".", parts) + rest;
    }
}
