using System.CommandLine;
using EOSnet.Crystals;
using EOSnet.Cli.Commands;

namespace EOSnet.Cli;

/// <summary>The <c>eosnet</c> command line: verbs, global options, and the mapping of failures to exit codes.</summary>
public static class CliApp
{
    /// <summary>Runs the tool; returns the exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Standard output (null: the console).</param>
    /// <param name="stderr">Standard error (null: the console).</param>
    /// <param name="extensions">What this build adds to the shipped verbs (the repository's build: bench and accuracy recording).</param>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, CliExtensions? extensions = null)
    {
        var g = new GlobalOptions();
        var x = extensions ?? new CliExtensions();
        var root = new RootCommand("eosnet: EOSnet crystal-property models for .NET (GOM fingerprints + graph network)");
        g.AddTo(root);
        foreach (var command in Commands(g, stdout, stderr, x)) root.Add(command);
        foreach (var create in x.Commands) root.Add(create(g, stdout, stderr));
        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout ?? Console.Out, Error = stderr ?? Console.Error };
        return parse.Invoke(config);
    }

    private static IEnumerable<Command> Commands(GlobalOptions g, TextWriter? stdout, TextWriter? stderr, CliExtensions x)
    {
        yield return DatasetsCommand.Create(g, stdout, stderr);
        yield return FeaturizeCommand.Create(g, stdout, stderr);
        yield return TrainCommand.Create(g, stdout, stderr);
        yield return PredictCommand.Create(g, stdout, stderr);
        yield return MergeCommand.Create(g, stdout, stderr);
        yield return CompareCommand.Create(g, stdout, stderr, cvOnly: false, x.Comparisons?.Invoke());
        yield return CompareCommand.Create(g, stdout, stderr, cvOnly: true, x.Comparisons?.Invoke());
        yield return DemoCommand.Create(g, stdout, stderr);
        yield return ExportOnnxCommand.Create(g, stdout, stderr);
        yield return EvaluateCommand.Create(g, stdout, stderr);
        yield return ImportCommand.Create(g, stdout, stderr);
        yield return ModelsCommand.Create(g, stdout, stderr);
        yield return FineTuneCurveCommand.Create(g, stdout, stderr, x.FineTuneCurves?.Invoke());
    }

    /// <summary>
    /// Wraps a verb's body: creates the output, runs it, and turns exceptions into one readable line plus a
    /// meaningful exit code (stack trace only with --verbose).
    /// </summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(GlobalOptions g, TextWriter? stdout, TextWriter? stderr,
        Func<ParseResult, CliOutput, CancellationToken, Task<int>> body) => async (r, ct) =>
    {
        var output = g.Output(r, stdout, stderr);
        try
        {
            return await body(r, output, ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var (code, message) = Classify(ex);
            output.Error(message);
            if (output.Verbose) output.Err.WriteLine(ex.ToString());
            return code;
        }
    };

    /// <summary>Exit code and one-line message for an exception.</summary>
    public static (int Code, string Message) Classify(Exception ex) => ex switch
    {
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled"),
        CliUsageException u => (ExitCodes.Usage, u.Message),
        MLNet.EosNetImportException => (ExitCodes.Usage, ex.Message),
        FileNotFoundException f => (ExitCodes.Usage, f.FileName is null ? f.Message : $"{f.FileName}: file not found"),
        DirectoryNotFoundException d => (ExitCodes.Usage, d.Message),
        StructureFormatException or InvalidStructureException or InvalidDataException or UnknownElementException or UnsupportedElementException => (ExitCodes.InvalidData, ex.Message),
        Model.TorchUnavailableException => (ExitCodes.Environment, ex.Message),
        HttpRequestException h => (ExitCodes.Environment, $"download failed: {h.Message}"),
        _ => (ExitCodes.InternalError, $"{ex.GetType().Name}: {ex.Message} (run with --verbose for details)"),
    };
}

/// <summary>A usage error: bad option values or missing inputs. Exit code 2.</summary>
public sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliUsageException(string message) : base(message) { }
}
