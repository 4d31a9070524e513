using System.CommandLine;

namespace EOSnet.Cli;

/// <summary>Options every verb accepts.</summary>
public sealed class GlobalOptions
{
    /// <summary>--quiet: only errors.</summary>
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print only errors", Recursive = true };
    /// <summary>--json: JSON lines for scripts.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print machine-readable JSON lines", Recursive = true };
    /// <summary>--verbose: stack traces.</summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Show stack traces and details", Recursive = true };
    /// <summary>--data-dir: where datasets live.</summary>
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Folder with Matbench/EOSnet dataset files (default: $EOSNET_DATA_DIR, ../shared/data, ~/.cache/eosnet/datasets)", Recursive = true };

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        root.Add(Quiet);
        root.Add(Json);
        root.Add(Verbose);
        root.Add(DataDir);
    }

    /// <summary>The output configured by these options.</summary>
    public CliOutput Output(ParseResult r, TextWriter? stdout = null, TextWriter? stderr = null) =>
        new(r.GetValue(Quiet), r.GetValue(Json), r.GetValue(Verbose), stdout, stderr);
}
