namespace EOSnet.Cli.Datasets;

/// <summary>
/// Resolves where dataset files live: <c>--data-dir</c>, else <c>$EOSNET_DATA_DIR</c>, else a <c>shared/data</c>
/// folder beside the current directory or an ancestor of it or of the tool, else the download cache
/// <c>~/.cache/eosnet/datasets</c>.
/// </summary>
public static class DataDirectory
{
    /// <summary>The download cache folder.</summary>
    public static string Cache => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "eosnet", "datasets");

    /// <summary>The folders searched, in order.</summary>
    public static IReadOnlyList<string> Candidates(string? explicitDir)
    {
        var list = new List<string>();
        if (!string.IsNullOrEmpty(explicitDir)) { list.Add(Path.GetFullPath(explicitDir)); return list; }
        if (Environment.GetEnvironmentVariable("EOSNET_DATA_DIR") is { Length: > 0 } env) list.Add(Path.GetFullPath(env));
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var c = Path.Combine(d.FullName, "shared", "data");
                if (Directory.Exists(c) && !list.Contains(c)) list.Add(c);
            }
        list.Add(Cache);
        return list;
    }

    /// <summary>The path of a dataset file, or null when no candidate folder has it.</summary>
    public static string? Find(string fileName, string? explicitDir) =>
        Candidates(explicitDir).Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);

    /// <summary>The path of a dataset file; throws a usage error naming the folders searched.</summary>
    public static string Require(string fileName, string? explicitDir) =>
        Find(fileName, explicitDir) ?? throw new CliUsageException(
            $"dataset file '{fileName}' not found in {string.Join(", ", Candidates(explicitDir))}; use --data-dir or 'eosnet datasets fetch'");
}
