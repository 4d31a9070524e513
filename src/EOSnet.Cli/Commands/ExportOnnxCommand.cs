using EOSnet.MLNet.Onnx;
using System.CommandLine;
using Microsoft.ML;
using EOSnet.MLNet;
using EOSnet.Cli.Workflows;

namespace EOSnet.Cli.Commands;

/// <summary><c>eosnet export-onnx --model model.zip --out model.onnx</c>.</summary>
public static class ExportOnnxCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var model = new Option<string>("--model") { Description = ModelSource.OptionDescription, Required = true };
        var output = new Option<string>("--out") { Description = "ONNX file", DefaultValueFactory = _ => "model.onnx" };
        var cmd = new Command("export-onnx", "Export the trained network as ONNX (inputs AtomicNumbers, AtomFingerprints, NeighborIndices, NeighborDistances; output score)") { model, output };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var ml = new MLContext(0);
            var predictor = PredictCommand.FindPredictor(ModelSource.Load(ml, r.GetValue(model)!));
            using (var fs = File.Create(r.GetValue(output)!)) predictor.ExportOnnx(fs);
            o.Line($"ONNX model written to {r.GetValue(output)} ({predictor.Task})");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
