using System.CommandLine;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Cli.Commands;

/// <summary><c>eosnet predict --model model.zip INPUT --out predictions.csv</c>: no targets needed.</summary>
public static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var modelOption = new Option<string>("--model") { Description = "model.zip written by 'eosnet train'", Required = true };
        var input = new Argument<string>("input") { Description = "A folder of CIF/POSCAR files or a dataset file" };
        var output = new Option<string>("--out") { Description = "CSV file", DefaultValueFactory = _ => "predictions.csv" };
        var strict = new Option<bool>("--strict") { Description = "Any unreadable file is fatal" };
        var cmd = new Command("predict", "Predict with a trained model; writes id,prediction (regression) or id,logit,probability, plus uncertainty for an ensemble") { modelOption, input, output, strict };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var data = Dataset.Load(r.GetValue(input)!, null, r.GetValue(strict));
            foreach (var notice in data.Notices) o.Warning(notice);
            var ml = new MLContext(0);
            var model = ml.Model.LoadWithEosNet(r.GetValue(modelOption)!, out _);
            var (eosnet, task) = EosNetWorkflow.FindModel(model);
            var crystals = ml.Data.LoadFromCrystals(data.Records.Select(x => x.Crystal.WithId(x.Id)));
            var scored = model.Transform(crystals);
            var (ids, _, scores, probs) = EosNetWorkflow.Read(scored, task);
            var spread = EosNetWorkflow.ReadUncertainty(scored);
            var lines = new List<string> { (task == ModelTask.Regression ? "id,prediction" : "id,logit,probability") + (spread is null ? "" : ",uncertainty") };
            for (int i = 0; i < ids.Length; i++)
                lines.Add((task == ModelTask.Regression ? FormattableString.Invariant($"{ids[i]},{scores[i]}") : FormattableString.Invariant($"{ids[i]},{scores[i]},{probs![i]}"))
                    + (spread is null ? "" : FormattableString.Invariant($",{spread[i]}")));
            int count = ids.Length;
            if (eosnet is EosNetEnsembleTransformer e) o.Line($"ensemble of {e.Members.Count} models; uncertainty = the members' standard deviation");
            File.WriteAllLines(r.GetValue(output)!, lines);
            o.Line($"{count} predictions written to {r.GetValue(output)}{(data.Skipped.Count > 0 ? $"; {data.Skipped.Count} input(s) skipped" : "")}");
            return Task.FromResult(data.Skipped.Count > 0 ? ExitCodes.PartialSuccess : ExitCodes.Ok);
        }));
        return cmd;
    }

    /// <summary>The single EOSnet predictor inside a loaded pipeline (an ensemble is refused with a usage error).</summary>
    public static EosNetPredictionTransformer FindPredictor(ITransformer model) => EosNetWorkflow.FindModel(model).Model as EosNetPredictionTransformer
        ?? throw new CliUsageException("the model is an ensemble of EOSnet models; this command needs a single model (train without --ensemble)");
}
