using System.CommandLine;
using EOSnet.MLNet.Screening;

namespace EOSnet.Cli.Commands;

/// <summary><c>eosnet merge DIR --out FILE</c>: the shard files of a sharded <c>predict</c>, in input order, as one file.</summary>
public static class MergeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var dir = new Argument<string>("dir") { Description = "The folder the shards of 'eosnet predict --shard i/N --out DIR' wrote" };
        var output = new Option<string>("--out") { Description = "Merged file (.csv or .parquet, as the shards)", DefaultValueFactory = _ => "predictions.csv" };
        var batch = new Option<int>("--batch-size") { Description = "Parquet: rows per row group, as the shards used", DefaultValueFactory = _ => 1024 };
        var cmd = new Command("merge", "Merge the shard outputs of a sharded 'predict' into one file in input order") { dir, output, batch };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            long rows;
            try { rows = ScreeningMerge.Merge(r.GetValue(dir)!, r.GetValue(output)!, Math.Max(1, r.GetValue(batch))); }
            catch (InvalidOperationException e) { throw new CliUsageException(e.Message); }
            o.Line($"{rows} rows merged into {r.GetValue(output)}");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
