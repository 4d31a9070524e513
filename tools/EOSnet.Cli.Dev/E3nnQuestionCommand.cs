using System.CommandLine;
using System.Globalization;
using EOSnet.Cli.Accuracy;
using EOSnet.Model;
using EOSnet.Model.Equivariant;

namespace EOSnet.Cli.Commands;

/// <summary>
/// <c>eosnet-dev e3nn-question DATASET</c>: v1 against v2 (with and without GOM) at the same CPU budget on the official
/// Matbench folds; with <c>--record-accuracy</c>, one accuracy record per network.
/// </summary>
public static class E3nnQuestionCommand
{
    private static readonly Dictionary<string, E3nnVariant> Variants = new(StringComparer.Ordinal)
    {
        ["v1"] = E3nnVariant.V1, ["v2-gom"] = E3nnVariant.V2Gom, ["v2-onehot"] = E3nnVariant.V2OneHot,
    };

    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var dataset = new Argument<string>("dataset") { Description = "Matbench json.gz with its .folds.json beside it" };
        var folds = new Option<string>("--fold-list") { Description = "Official folds (comma-separated)", DefaultValueFactory = _ => "0,1,2,3,4" };
        var variants = new Option<string>("--variants") { Description = "v1, v2-gom, v2-onehot (comma-separated)", DefaultValueFactory = _ => "v1,v2-gom,v2-onehot" };
        var budget = new Option<double>("--budget-cpu-s") { Description = "Training budget per network and fold (CPU seconds, one libtorch thread)", DefaultValueFactory = _ => 300 };
        var cutoff = new Option<double>("--cutoff") { Description = "v2 edge and radial cutoff (Å)", DefaultValueFactory = _ => 8.0 };
        var irreps = new Option<string>("--irreps") { Description = "v2 hidden irreps", DefaultValueFactory = _ => EosNetV2Config.Small.HiddenIrreps };
        var blocks = new Option<int>("--blocks") { Description = "v2 interaction blocks", DefaultValueFactory = _ => 2 };
        var validationOnly = new Option<bool>("--validation-only") { Description = "Score the validation split only (for choosing settings); the test fold is not scored" };
        var outDir = new Option<string>("--out") { Description = "Folder of per-(fold, network) results; existing ones are reused", DefaultValueFactory = _ => "e3nn-question" };
        var record = new Option<bool>("--record-accuracy") { Description = "Write one record per network into docs/accuracy.json/md (all folds of --fold-list must be done)" };
        var docs = new Option<string>("--docs") { Description = "Folder of accuracy.json/md", DefaultValueFactory = _ => "docs" };
        var note = new Option<string?>("--note") { Description = "Extra note for the records" };
        var calibration = new Option<int>("--calibration-structures") { Description = "Training structures timed to calibrate each network's epochs (more: a budget kept more closely)", DefaultValueFactory = _ => E3nnQuestionSettings.DefaultCalibrationStructures };
        var v2Recipe = new Option<string>("--v2-recipe") { Description = "v2 recipe: plain (constant learning rate, last epoch) | cosine-avg (v1's: warm-up, cosine, weight average 0.99, best validation epoch)", DefaultValueFactory = _ => "plain" };
        var networkSeed = new Option<int>("--network-seed") { Description = "Seed of the networks (the validation split keeps seed 42): another member of each network", DefaultValueFactory = _ => E3nnQuestionSettings.Seed };
        var blendSeed = new Option<string?>("--blend-seed") { Description = "Also blend each network with its runs at these network seeds, comma-separated (the control for the v1+v2 blend: members of one network)" };
        var loss = new Option<string>("--loss") { Description = "What the networks minimise: mse | l1 (mean absolute error)", DefaultValueFactory = _ => "mse" };
        var cmd = new Command("e3nn-question", "GOM + e3nn (v2) against GOM + CGCNN (v1), and one-hot under v2, at the same CPU budget per fold")
            { dataset, folds, variants, budget, cutoff, irreps, blocks, validationOnly, outDir, record, docs, note, v2Recipe, calibration, networkSeed, blendSeed, loss };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var s = new E3nnQuestionSettings(r.GetValue(dataset)!,
                r.GetValue(folds)!.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray(),
                r.GetValue(variants)!.Split(',').Select(x => Variants.TryGetValue(x.Trim(), out var v) ? v : throw new ArgumentException($"unknown network '{x}': v1, v2-gom or v2-onehot")).ToArray(),
                r.GetValue(budget), r.GetValue(cutoff), r.GetValue(irreps)!, r.GetValue(blocks), r.GetValue(validationOnly), r.GetValue(outDir)!,
                r.GetValue(v2Recipe) switch
                {
                    "plain" => E3nnV2Recipe.Plain,
                    "cosine-avg" => E3nnV2Recipe.CosineAverage,
                    var x => throw new ArgumentException($"unknown --v2-recipe '{x}': plain or cosine-avg"),
                },
                r.GetValue(calibration) is >= 2 and var n ? n : throw new ArgumentException("--calibration-structures: at least 2"),
                r.GetValue(networkSeed), RegressionLossFunction.Parse(r.GetValue(loss)!));
            var results = E3nnQuestion.Run(s, o.Line, ct);
            var blendSeeds = r.GetValue(blendSeed)?.Split(',').Select(x => int.Parse(x.Trim(), CultureInfo.InvariantCulture)).ToList() ?? [];
            var blends = E3nnQuestionReport.Blends(s, blendSeeds).ToList();
            foreach (var line in E3nnQuestionReport.Table(results).Concat(E3nnQuestionReport.BlendTable(blends))) o.Line(line);
            if (r.GetValue(record))
            {
                if (s.ValidationOnly) throw new ArgumentException("--record-accuracy needs test scores: drop --validation-only");
                var added = E3nnQuestionReport.Records(s, results, blends, string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a).Prepend("eosnet-dev")), r.GetValue(note)).ToList();
                new AccuracyStore(r.GetValue(docs)!).Save(added);
                o.Line($"{added.Count} records written into {Path.Combine(r.GetValue(docs)!, "accuracy.json")}");
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
