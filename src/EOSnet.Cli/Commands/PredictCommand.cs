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
        var model = new Option<string>("--model") { Description = ModelSource.OptionDescription, Required = true };
        var input = new Argument<string>("input") { Description = "A folder of CIF/POSCAR files or a dataset file" };
        var output = new Option<string>("--out") { Description = "CSV file", DefaultValueFactory = _ => "predictions.csv" };
        var strict = new Option<bool>("--strict") { Description = "Any unreadable file is fatal" };
        var cmd = new Command("predict", "Predict with a trained model; writes id,prediction[,probability]") { model, input, output, strict };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var data = Dataset.Load(r.GetValue(input)!, null, r.GetValue(strict));
            foreach (var notice in data.Notices) o.Warning(notice);
            var ml = new MLContext(0);
            var members = ModelSource.LoadMembers(ml, r.GetValue(model)!);
            var predictor = FindPredictor(members[0]);
            var crystals = ml.Data.LoadFromCrystals(data.Records.Select(x => x.Crystal.WithId(x.Id)));
            var lines = new List<string>();
            int count;
            if (members.Count > 1)
            {
                // Ensemble: mean and spread (sample standard deviation) over the members.
                var p = Ensemble.Predict(ml, members, crystals, predictor.Task);
                lines.Add(predictor.Task == ModelTask.Regression ? "id,prediction,uncertainty" : "id,probability,uncertainty");
                lines.AddRange(p.Ids.Select((id, i) => FormattableString.Invariant($"{id},{p.Mean[i]},{p.Spread[i]}")));
                count = p.Ids.Length;
                o.Line($"ensemble of {members.Count} models");
            }
            else
            {
                var (ids, _, scores, probs) = EosNetWorkflow.Read(members[0].Transform(crystals), predictor.Task);
                lines.Add(predictor.Task == ModelTask.Regression ? "id,prediction" : "id,logit,probability");
                for (int i = 0; i < ids.Length; i++)
                    lines.Add(predictor.Task == ModelTask.Regression ? FormattableString.Invariant($"{ids[i]},{scores[i]}") : FormattableString.Invariant($"{ids[i]},{scores[i]},{probs![i]}"));
                count = ids.Length;
            }
            File.WriteAllLines(r.GetValue(output)!, lines);
            o.Line($"{count} predictions written to {r.GetValue(output)}{(data.Skipped.Count > 0 ? $"; {data.Skipped.Count} input(s) skipped" : "")}");
            return Task.FromResult(data.Skipped.Count > 0 ? ExitCodes.PartialSuccess : ExitCodes.Ok);
        }));
        return cmd;
    }

    /// <summary>The EOSnet predictor inside a loaded pipeline.</summary>
    public static EosNetPredictionTransformer FindPredictor(ITransformer model) => model switch
    {
        EosNetPredictionTransformer p => p,
        IEnumerable<ITransformer> chain => chain.OfType<EosNetPredictionTransformer>().LastOrDefault()
            ?? chain.Select(FindPredictorOrNull).LastOrDefault(p => p is not null) ?? throw new CliUsageException("the model has no EOSnet predictor"),
        _ => throw new CliUsageException("the model has no EOSnet predictor"),
    };

    private static EosNetPredictionTransformer? FindPredictorOrNull(ITransformer t) =>
        t is EosNetPredictionTransformer p ? p : t is IEnumerable<ITransformer> c ? c.Select(FindPredictorOrNull).LastOrDefault(x => x is not null) : null;
}
