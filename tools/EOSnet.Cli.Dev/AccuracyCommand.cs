using System.CommandLine;
using EOSnet.Cli.Accuracy;

namespace EOSnet.Cli.Commands;

/// <summary><c>eosnet accuracy [--docs DIR]</c>: re-renders accuracy.md from accuracy.json (no runs).</summary>
public static class AccuracyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var docs = new Option<string>("--docs") { Description = "Folder of accuracy.json/md", DefaultValueFactory = _ => "docs" };
        var cmd = new Command("accuracy", "Re-render docs/accuracy.md from the records in docs/accuracy.json") { docs };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var store = new AccuracyStore(r.GetValue(docs)!);
            var records = store.Load();
            store.Save(Array.Empty<AccuracyRecord>());
            o.Line($"{records.Count} records rendered into {Path.Combine(r.GetValue(docs)!, "accuracy.md")}");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
