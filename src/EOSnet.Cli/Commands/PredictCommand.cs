using System.CommandLine;
using EOSnet.Cli.Workflows;
using EOSnet.MLNet;
using EOSnet.MLNet.Screening;
using EOSnet.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Cli.Commands;

/// <summary>
/// <c>eosnet predict INPUT --model M [--model NAME=M2 …] [--out FILE|DIR] [--shard i/N]</c>: streams any number of
/// structures through one or more models in bounded memory (<see cref="StructureScreening"/>) and writes one row per
/// input, in input order, incrementally and atomically (CSV or Parquet). Unreadable inputs become rows with a reason
/// (or are fatal with --strict). With --shard only every N-th input is screened, into DIR/shard-i-of-N; <c>eosnet merge</c>
/// combines the shards.
/// </summary>
public static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var model = new Option<string[]>("--model") { Description = ModelSource.OptionDescription + " (repeatable; NAME=MODEL names its columns)", Required = true, AllowMultipleArgumentsPerToken = false };
        var input = new Argument<string>("input") { Description = "A folder of CIF/POSCAR/ASE .db files, or a dataset file (Matbench/pymatgen JSON, extxyz, CIF, ASE .db)" };
        var output = new Option<string>("--out") { Description = "Output file (.csv or .parquet); with --shard, the output folder", DefaultValueFactory = _ => "predictions.csv" };
        var strict = new Option<bool>("--strict") { Description = "Any unreadable input is fatal" };
        var shard = new Option<string?>("--shard") { Description = "Screen only shard i of N (i/N, 0-based), e.g. $SLURM_ARRAY_TASK_ID/16; writes OUT/shard-i-of-N" };
        var format = new Option<string?>("--format") { Description = "csv or parquet (default: from --out's extension; csv for a folder)" };
        format.AcceptOnlyFromAmong("csv", "parquet");
        var batch = new Option<int>("--batch-size") { Description = "Structures per batch (memory is bounded by a few batches)", DefaultValueFactory = _ => 1024 };
        var cmd = new Command("predict", "Predict with trained models, streaming, one row per input: index,id,status,reason,prediction[,probability][,uncertainty]")
            { model, input, output, strict, shard, format, batch };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            string source = r.GetValue(input)!;
            if (!File.Exists(source) && !Directory.Exists(source)) throw new CliUsageException($"{source}: no such file or folder");
            var ml = new MLContext(0);
            var models = LoadModels(ml, r.GetValue(model)!, o.Line);
            var (i, n) = r.GetValue(shard) is { } s ? DatasetFeatures.ParseShard(s) : (0, 1);
            var outPath = r.GetValue(output)!;
            var fmt = r.GetValue(format) is { } f ? (f == "parquet" ? ScreeningFormat.Parquet : ScreeningFormat.Csv) : ScreeningWriter.FormatOf(outPath);
            if (r.GetValue(shard) is not null)
            {
                Directory.CreateDirectory(outPath);
                outPath = Path.Combine(outPath, ScreeningMerge.ShardFileName(i, n, fmt));
            }
            var timings = new ScreeningTimings();
            var options = new ScreeningOptions { BatchSize = Math.Max(1, r.GetValue(batch)), ShardIndex = i, ShardCount = n, Timings = timings };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var writing = TimeSpan.Zero;
            bool isStrict = r.GetValue(strict);
            var inputs = ScreeningInputs.Read(source).Select((x, k) =>
            {
                if (!options.InShard(k)) return x;
                if (x.Record is { } rec)
                    foreach (var w in rec.Warnings) o.Warning($"{rec.Id}: {w}");
                if (x.Error is { } e && isStrict) throw e;
                return x;
            });
            var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
            long ok = 0, failed = 0;
            using (var writer = ScreeningWriter.Open(outPath, models.Select(m => m.Name).ToList(), StructureScreening.Columns(ml, models), fmt))
            {
                var pending = new List<ScreeningRow>(options.BatchSize);
                foreach (var row in StructureScreening.Predict(ml, inputs, models, options))
                {
                    ct.ThrowIfCancellationRequested();
                    if (row.Status == "ok") ok++;
                    else
                    {
                        failed++;
                        o.Warning($"skipped: {row.Id}: {row.Reason}");
                        reasons[ReasonKind(row.Reason)] = reasons.GetValueOrDefault(ReasonKind(row.Reason)) + 1;
                    }
                    pending.Add(row);
                    if (pending.Count == options.BatchSize) { writing += Timed(() => writer.Write(pending)); pending.Clear(); }
                }
                writing += Timed(() => { writer.Write(pending); writer.Complete(); });
            }
            foreach (var (reason, count) in reasons.OrderByDescending(x => x.Value)) o.Line($"  {count} × {reason}");
            o.Line($"{ok} predictions written to {outPath}{(failed > 0 ? $"; {failed} input(s) skipped" : "")}{(n > 1 ? $" (shard {i}/{n})" : "")}");
            var seconds = new
            {
                total = Math.Round(clock.Elapsed.TotalSeconds, 2), read = Math.Round(timings.Read.TotalSeconds, 2), featurize = Math.Round(timings.Featurize.TotalSeconds, 2),
                network = Math.Round(timings.Network.TotalSeconds, 2), transform = Math.Round(timings.Transform.TotalSeconds, 2), write = Math.Round(writing.TotalSeconds, 2),
            };
            o.Line(FormattableString.Invariant($"time: {seconds.total:F1} s = read {seconds.read:F1} + featurize {seconds.featurize:F1} + networks {seconds.network:F1}{(seconds.transform > 0 ? $" + ML.NET transform {seconds.transform:F1}" : "")} + write {seconds.write:F1} s (+ the rest)"));
            o.Record(new { kind = "predict", output = outPath, predicted = ok, skipped = failed, shard = i, shards = n, reasons, seconds });
            return Task.FromResult(failed > 0 ? ExitCodes.PartialSuccess : ExitCodes.Ok);
        }));
        return cmd;
    }

    /// <summary>The models of <c>--model</c> values (<c>MODEL</c> or <c>NAME=MODEL</c>; a model.zip or a published model's name): single models or ensembles.</summary>
    private static List<ScreeningModel> LoadModels(MLContext ml, string[] specs, Action<string> log)
    {
        var models = new List<ScreeningModel>();
        foreach (var spec in specs)
        {
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            string path = eq > 0 ? spec[(eq + 1)..] : spec;
            string name = eq > 0 ? spec[..eq] : specs.Length == 1 ? "model" : Path.GetFileNameWithoutExtension(path);
            if (models.Any(m => m.Name == name)) name = $"{name}{models.Count}";
            var loaded = ModelSource.Load(ml, path);
            if (EosNetWorkflow.FindModel(loaded).Model is EosNetEnsembleTransformer ensemble)
                log($"{name}: ensemble of {ensemble.Members.Count} models; uncertainty = the members' standard deviation");
            models.Add(new ScreeningModel(name, loaded));
        }
        return models;
    }

    private static TimeSpan Timed(Action work)
    {
        long began = System.Diagnostics.Stopwatch.GetTimestamp();
        work();
        return System.Diagnostics.Stopwatch.GetElapsedTime(began);
    }

    /// <summary>A reason without the file and record it names, for the end-of-run summary.</summary>
    private static string ReasonKind(string reason)
    {
        var kind = System.Text.RegularExpressions.Regex.Replace(reason, @"'[^']*'|\d+(\.\d+)?", "…");
        return kind.Length > 90 ? kind[..90] + "…" : kind;
    }

    /// <summary>The single EOSnet predictor inside a loaded pipeline (an ensemble is refused with a usage error).</summary>
    public static EosNetPredictionTransformer FindPredictor(ITransformer model) => EosNetWorkflow.FindModel(model).Model as EosNetPredictionTransformer
        ?? throw new CliUsageException("the model is an ensemble of EOSnet models; this command needs a single model (train without --ensemble)");
}
