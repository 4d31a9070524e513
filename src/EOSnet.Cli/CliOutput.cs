using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace EOSnet.Cli;

/// <summary>
/// Where the tool writes: human-readable text (Spectre.Console, plain when redirected), JSON lines for scripts
/// (--json), nothing but errors (--quiet). Errors always go to standard error as one line.
/// </summary>
public sealed class CliOutput
{
    /// <summary>Creates the output for the given modes.</summary>
    public CliOutput(bool quiet, bool json, bool verbose, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        Quiet = quiet;
        Json = json;
        Verbose = verbose;
        Out = stdout ?? Console.Out;
        Err = stderr ?? Console.Error;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = System.Console.IsOutputRedirected || stdout is not null ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = System.Console.IsOutputRedirected || stdout is not null ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = System.Console.IsOutputRedirected || stdout is not null ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (!Ansi.Profile.Capabilities.Interactive) Ansi.Profile.Width = 200; // redirected: do not wrap tables at 80 columns
    }

    /// <summary>Only errors are written.</summary>
    public bool Quiet { get; }
    /// <summary>Machine-readable JSON lines instead of text.</summary>
    public bool Json { get; }
    /// <summary>Stack traces and extra detail.</summary>
    public bool Verbose { get; }
    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }
    /// <summary>Standard error.</summary>
    public TextWriter Err { get; }
    /// <summary>The Spectre console (tables, progress); plain text when output is redirected.</summary>
    public IAnsiConsole Ansi { get; }
    /// <summary>True when live progress displays make sense (interactive terminal, not quiet/json).</summary>
    public bool Interactive => !Quiet && !Json && Ansi.Profile.Capabilities.Interactive;

    /// <summary>A line of human-readable text (suppressed in quiet and JSON modes).</summary>
    public void Line(string text)
    {
        if (!Quiet && !Json) Out.WriteLine(text);
    }

    /// <summary>A renderable (table, panel) for humans.</summary>
    public void Render(Spectre.Console.Rendering.IRenderable renderable)
    {
        if (!Quiet && !Json) Ansi.Write(renderable);
    }

    /// <summary>A JSON record (only in JSON mode).</summary>
    public void Record(object value)
    {
        if (Json) Out.WriteLine(JsonSerializer.Serialize(value));
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which reports progress through the callback it is given. Interactive terminal: a
    /// live Spectre progress bar; redirected: a plain line at every tenth (no control codes); quiet/JSON: nothing.
    /// </summary>
    public void Progress(string title, int total, Action<Action<int>> work)
    {
        if (Interactive)
        {
            Ansi.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(title, maxValue: Math.Max(1, total));
                    work(k => task.Increment(k));
                });
            return;
        }
        Line($"{title} ...");
        int done = 0, step = Math.Max(1, total / 10), next = step;
        var clock = Stopwatch.StartNew();
        work(k =>
        {
            done += k;
            if (done < next && done != total) return;
            Line(string.Create(CultureInfo.InvariantCulture, $"  {done}/{total} ({clock.Elapsed.TotalSeconds:F1} s)"));
            next = (done / step + 1) * step;
        });
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which adds rows through the callback it is given: a live table in an interactive
    /// terminal, otherwise one plain line per row.
    /// </summary>
    public void LiveTable(string[] columns, Action<Action<string[]>> work)
    {
        if (Interactive)
        {
            var table = new Table().Border(TableBorder.Simple);
            foreach (var c in columns) table.AddColumn(new TableColumn(c).RightAligned());
            Ansi.Live(table).AutoClear(false).Start(ctx => work(row => { table.AddRow(row); ctx.Refresh(); }));
            return;
        }
        work(row => Line(string.Join("  ", row.Select((cell, i) => $"{columns[i]} {cell}"))));
    }

    /// <summary>An error as one readable line on standard error.</summary>
    public void Error(string message) => Err.WriteLine($"eosnet: error: {message}");

    /// <summary>A warning line on standard error (suppressed in quiet mode).</summary>
    public void Warning(string message)
    {
        if (!Quiet) Err.WriteLine($"eosnet: warning: {message}");
    }
}
