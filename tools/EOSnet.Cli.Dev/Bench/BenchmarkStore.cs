using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EOSnet.Cli.Bench;

/// <summary>
/// Reads and rewrites <c>docs/benchmarks.json</c> (array of <see cref="BenchmarkRecord"/>) and renders
/// <c>docs/benchmarks.md</c> from it. New measurements replace records with the same (name, dataset, threads);
/// records of other benchmarks are kept, so each benchmark command can be re-run on its own.
/// </summary>
public sealed class BenchmarkStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _jsonPath;
    private readonly string _markdownPath;

    /// <summary>Creates a store for the given docs folder.</summary>
    public BenchmarkStore(string docsDirectory)
    {
        Directory.CreateDirectory(docsDirectory);
        _jsonPath = Path.Combine(docsDirectory, "benchmarks.json");
        _markdownPath = Path.Combine(docsDirectory, "benchmarks.md");
    }

    /// <summary>The current records.</summary>
    public List<BenchmarkRecord> Load() =>
        File.Exists(_jsonPath) ? JsonSerializer.Deserialize<List<BenchmarkRecord>>(File.ReadAllText(_jsonPath)) ?? new() : new();

    /// <summary>Merges new records (replacing same keys) and rewrites the JSON and the Markdown page.</summary>
    public void Save(IEnumerable<BenchmarkRecord> measured, string section, string sectionMarkdown)
    {
        var records = Load();
        foreach (var r in measured)
        {
            records.RemoveAll(x => x.Key == r.Key);
            records.Add(r);
        }
        records = records.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Threads).ToList();
        WriteAtomic(_jsonPath, JsonSerializer.Serialize(records, Json) + "\n");
        SaveSection(section, sectionMarkdown);
    }

    /// <summary>Today's date in the contract's format.</summary>
    public static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void SaveSection(string section, string body)
    {
        // benchmarks.md keeps one "## section" per benchmark command; re-running a command replaces its section.
        var sections = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(_markdownPath))
        {
            string? current = null;
            var sb = new StringBuilder();
            foreach (var line in File.ReadAllLines(_markdownPath))
            {
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    if (current is not null) sections[current] = sb.ToString().Trim('\r', '\n');
                    current = line[3..].Trim();
                    sb.Clear();
                }
                else if (current is not null) sb.AppendLine(line);
            }
            if (current is not null) sections[current] = sb.ToString().Trim('\r', '\n');
        }
        sections[section] = body.Trim('\r', '\n');
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine("Every figure here was measured by a command of `eosnet bench` (run as `./build.sh eosnet bench …` or `./build.sh bench …`: the");
        md.AppendLine("repository's build of the CLI, tools/EOSnet.Cli.Dev; the shipped tool has no `bench`), which rewrites its own");
        md.AppendLine("section of this page and its records in `benchmarks.json` (name, dataset, threads, value, unit, command, date).");
        md.AppendLine("Machine: the project's 2-core x86-64 Debian 12 machine unless a section says otherwise.");
        md.AppendLine();
        foreach (var (name, text) in sections)
        {
            md.AppendLine($"## {name}");
            md.AppendLine();
            md.AppendLine(text);
            md.AppendLine();
        }
        WriteAtomic(_markdownPath, md.ToString());
    }

    private static void WriteAtomic(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
