using System.Text.Json;

namespace EOSnet.TestSupport;

/// <summary>
/// Locates the project's <c>shared/</c> folder (golden vectors and datasets), which lives beside the repository
/// (<c>../shared</c>). Override with the environment variable <c>EOSNET_SHARED_DIR</c>:
/// <list type="bullet">
/// <item>a folder holding <c>golden/</c>: that folder is used;</item>
/// <item><c>none</c> (any case): no shared folder at all, even when <c>../shared</c> exists. Every test that needs it
/// skips, exactly as on a machine without the data folder; use this to check what runs there
/// (<c>EOSNET_SHARED_DIR=none dotnet test ...</c>);</item>
/// <item>unset, empty or a folder without <c>golden/</c>: the parent folders of the test binary are searched for a
/// <c>shared/</c> folder holding <c>golden/</c> and <c>data/</c>.</item>
/// </list>
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> RootLazy = new(FindRoot);

    /// <summary>The shared folder, or null when it cannot be found.</summary>
    public static string? Root => RootLazy.Value;

    /// <summary>True when the shared folder with golden vectors and data is present.</summary>
    public static bool Available => Root is not null;

    /// <summary>The value of <c>EOSNET_SHARED_DIR</c> that hides the shared folder (compared case-insensitively).</summary>
    public const string NoneValue = "none";

    /// <summary>Message used when tests skip because the shared folder is absent.</summary>
    public const string MissingMessage = "SKIPPED: ../shared (golden vectors and datasets) not found next to the repository; set EOSNET_SHARED_DIR";

    /// <summary>Path below the golden folder.</summary>
    public static string Golden(string relative) => Path.Combine(Root ?? throw new InvalidOperationException(MissingMessage), "golden", relative);

    /// <summary>Path below the data folder.</summary>
    public static string Data(string relative) => Path.Combine(Root ?? throw new InvalidOperationException(MissingMessage), "data", relative);

    /// <summary>Names (file stems) of the golden structure JSON files.</summary>
    public static IReadOnlyList<string> GoldenStructureNames()
    {
        if (Root is null) return Array.Empty<string>();
        return Directory.GetFiles(Path.Combine(Root, "golden"), "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n is not null && n != "gdf_filter" && n != "split_shuffle" && n != "timings")
            .Select(n => n!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Parses a golden JSON file.</summary>
    public static JsonDocument LoadGolden(string fileName) =>
        JsonDocument.Parse(File.ReadAllBytes(Golden(fileName.EndsWith(".json", StringComparison.Ordinal) ? fileName : fileName + ".json")));

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("EOSNET_SHARED_DIR");
        if (string.Equals(env?.Trim(), NoneValue, StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.IsNullOrEmpty(env) && Directory.Exists(Path.Combine(env, "golden"))) return Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "golden")) && Directory.Exists(Path.Combine(candidate, "data")))
                return candidate;
        }
        return null;
    }
}

/// <summary>A fact that is skipped, with a loud reason, when <c>../shared</c> is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SharedDataFactAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.MissingMessage;
    }
}

/// <summary>A theory that is skipped, with a loud reason, when <c>../shared</c> is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SharedDataTheoryAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.MissingMessage;
    }
}

/// <summary>Small helpers to read golden JSON values.</summary>
public static class JsonExtensions
{
    /// <summary>A JSON array of numbers as doubles.</summary>
    public static double[] ToDoubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    /// <summary>A JSON array of integers.</summary>
    public static int[] ToInts(this JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    /// <summary>A JSON array of arrays of numbers.</summary>
    public static double[][] ToMatrix(this JsonElement e) => e.EnumerateArray().Select(ToDoubles).ToArray();

    /// <summary>A JSON array of arrays of integers.</summary>
    public static int[][] ToIntMatrix(this JsonElement e) => e.EnumerateArray().Select(ToInts).ToArray();
}
