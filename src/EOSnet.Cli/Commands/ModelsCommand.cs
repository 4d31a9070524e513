using System.CommandLine;
using EOSnet.Models;
using Spectre.Console;

namespace EOSnet.Cli.Commands;

/// <summary><c>eosnet models</c>: the published models that <c>--model NAME</c> accepts.</summary>
public static class ModelsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var cmd = new Command("models", "List the published EOSnet models (usable as --model NAME; licence MIT, Rutgers-ZRG/EosNet)");
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var table = new Table().AddColumns("name", "target", "units", "task", "data set", "era", "authors' metric", "shipped");
            foreach (var m in EosNetModels.All)
            {
                table.AddRow(Markup.Escape(m.Name), Markup.Escape(m.Target), Markup.Escape(m.Units), m.Task.ToString(), Markup.Escape(m.DataSet),
                    m.Era.ToString().ToLowerInvariant(), Markup.Escape(m.ReportedMetric), m.IsShipped ? "yes" : "no");
                o.Record(new { m.Name, m.Target, m.Units, Task = m.Task.ToString(), m.DataSet, Era = m.Era.ToString(), m.ReportedMetric, m.IsShipped, m.Info.Source, m.Info.Licence });
            }
            o.Render(table);
            if (EosNetModels.All.Any(m => !m.IsShipped))
                o.Warning("this build carries no checkpoints (../shared/models was absent when EOSnet.Models was built)");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
