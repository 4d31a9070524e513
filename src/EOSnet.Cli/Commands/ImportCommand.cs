using System.CommandLine;
using EOSnet.MLNet;
using Microsoft.ML;

namespace EOSnet.Cli.Commands;

/// <summary><c>eosnet import CHECKPOINT --out model.zip [--era paper|current]</c>: an authors' checkpoint as an ML.NET model.</summary>
public static class ImportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "The authors' PyTorch checkpoint (model_best.pth.tar)" };
        var output = new Option<string>("--out") { Description = "ML.NET model zip to write", DefaultValueFactory = _ => "model.zip" };
        var era = new Option<string?>("--era") { Description = "Graph era of a checkpoint that is not one of the 17 published ones: paper (L2 edges, padding index 0 at r+1) or current (raw edges, repeat the last neighbour)" };
        var cmd = new Command("import", "Import an EOSnet PyTorch checkpoint as a complete ML.NET model (fingerprints → graph → predictor)") { checkpoint, output, era };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var options = new EosNetCheckpointImportOptions();
            if (r.GetValue(era) is { } text)
                options.Era = EosNetGraphEraSettings.Parse(text) ?? throw new CliUsageException($"--era {text}: use 'paper' or 'current'");
            var path = r.GetValue(checkpoint)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
            var ml = new MLContext(0);
            using var model = ml.Model.ImportEosNetCheckpoint(path, options);
            var schema = ml.Data.LoadFromCrystals(Array.Empty<Crystals.Crystal>()).Schema;
            ml.Model.Save(model, schema, r.GetValue(output)!);
            var info = model.LastTransformer.Model.Info!;
            o.Record(new { Checkpoint = path, Model = r.GetValue(output), info.Name, info.Target, info.Units, Task = info.Task.ToString(), Era = info.Era.ToString(), info.ReportedMetricText, info.Sha256 });
            o.Line($"{info.Name}: {info.Target} ({info.Units}), {info.Task}, {info.Era.Describe()} graph; authors' metric {info.ReportedMetricText}; licence {info.Licence}");
            o.Line($"model written to {r.GetValue(output)}");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
