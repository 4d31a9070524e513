using System.CommandLine;
using EOSnet.Cli.Bench;
using EOSnet.Cli.Datasets;

namespace EOSnet.Cli.Commands;

/// <summary><c>eosnet bench neighbors|read|featurize|…|all</c>: measured figures into docs/benchmarks.md and docs/benchmarks.json.</summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var docs = new Option<string>("--docs") { Description = "Folder of benchmarks.md/json", DefaultValueFactory = _ => "docs" };
        var cmd = new Command("bench", "Run benchmarks and record them in docs/benchmarks.md and docs/benchmarks.json");
        cmd.Add(docs);
        var which = new Argument<string>("which") { Description = "neighbors | read | featurize | train | train-v2 | infer | infer-v2 | compare | tuned | screen | all (all: not tuned, not screen, not train-v2, not infer-v2)", DefaultValueFactory = _ => "all" };
        which.AcceptOnlyFromAmong("neighbors", "read", "screen", "featurize", "train", "train-v2", "infer", "infer-v2", "compare", "tuned", "all");
        cmd.Add(which);
        var compareEpochs = new Option<int>("--compare-epochs") { Description = "EOSnet epochs per fold in 'bench compare' (reduced budget)", DefaultValueFactory = _ => 30 };
        cmd.Add(compareEpochs);
        var tuneMinutes = new Option<double>("--tune-minutes") { Description = "'bench tuned': search budget per baseline trainer and fold", DefaultValueFactory = _ => 1 };
        var tuneTrials = new Option<int>("--tune-trials") { Description = "'bench tuned': at most this many trials per search", DefaultValueFactory = _ => 500 };
        var tuneData = new Option<string>("--tune-datasets") { Description = "'bench tuned': log_kvrh, perovskites or both (comma-separated)", DefaultValueFactory = _ => "log_kvrh,perovskites" };
        var screenFiles = new Option<int>("--screen-files") { Description = "'bench screen': CIF files for the throughput and shard runs", DefaultValueFactory = _ => 20_000 };
        var screenSizes = new Option<string>("--screen-sizes") { Description = "'bench screen': input sizes for the peak-RSS runs (comma-separated)", DefaultValueFactory = _ => "10000,100000" };
        cmd.Add(screenFiles);
        cmd.Add(screenSizes);
        cmd.Add(tuneMinutes);
        cmd.Add(tuneTrials);
        cmd.Add(tuneData);
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var store = new BenchmarkStore(r.GetValue(docs)!);
            string dataDir = r.GetValue(g.DataDir) ?? "";
            string what = r.GetValue(which)!;
            string perov = DataDirectory.Require("matbench_perovskites.json.gz", r.GetValue(g.DataDir));
            if (what is "neighbors" or "all")
            {
                var (records, md) = NeighborScalingBenchmark.Run(perov, "eosnet bench neighbors", o.Line);
                store.Save(records, "Periodic neighbour search scaling", md);
            }
            if (what is "read" or "all")
            {
                var (records, md) = CifReadBenchmark.Run(DataDirectory.Require("matbench_mp_gap.json.gz", r.GetValue(g.DataDir)), "eosnet bench read", o.Line);
                store.Save(records, "CIF reading (Materials Project files)", md);
            }
            if (what is "screen")
            {
                var sizes = r.GetValue(screenSizes)!.Split(',').Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                var (records, md) = ScreenBenchmark.Run(DataDirectory.Require("matbench_mp_gap.json.gz", r.GetValue(g.DataDir)), $"eosnet bench screen --screen-files {r.GetValue(screenFiles)} --screen-sizes {r.GetValue(screenSizes)}", o.Line, r.GetValue(screenFiles), sizes);
                store.Save(records, "Screening at scale (eosnet predict)", md);
            }
            if (what is "featurize" or "all")
            {
                var gap = DataDirectory.Find("matbench_mp_gap.json.gz", r.GetValue(g.DataDir));
                var timings = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(perov)!)!, "golden", "timings.json");
                var (records, md) = FeaturizeBenchmark.Run(perov, gap, File.Exists(timings) ? timings : null, "eosnet bench featurize", o.Line);
                store.Save(records, "Featurization throughput", md);
            }
            if (what is "train" or "all")
            {
                var (records, md) = TrainBenchmark.RunTraining(perov, DataDirectory.Find("eosnet_mp2018_eform_train.extxyz.gz", r.GetValue(g.DataDir)), "eosnet bench train", o.Line);
                store.Save(records, "Training throughput", md);
            }
            if (what is "train-v2")
            {
                var (records, md) = TrainV2Benchmark.Run(perov, "eosnet bench train-v2", o.Line);
                store.Save(records, "Training throughput: v2 (EOSNetV2) beside v1", md);
            }
            if (what is "infer-v2")
            {
                var (records, md) = InferV2Benchmark.Run(perov, "eosnet bench infer-v2", o.Line);
                store.Save(records, "Inference throughput: v2 (EOSNetV2) beside v1, and where its time goes", md);
            }
            if (what is "infer" or "all")
            {
                var (records, md) = TrainBenchmark.RunInference(perov, "eosnet bench infer", o.Line);
                store.Save(records, "Inference throughput", md);
            }
            if (what is "compare" or "all")
            {
                var kvrh = DataDirectory.Require("matbench_log_kvrh.json.gz", r.GetValue(g.DataDir));
                var (records, md) = CompareBenchmark.Run(kvrh, r.GetValue(compareEpochs), o);
                store.Save(records, "EOSnet vs FastTree, LightGbm and Sdca (matbench_log_kvrh)", md);
            }
            if (what is "tuned")
            {
                foreach (var name in r.GetValue(tuneData)!.Split(',').Select(n => n.Trim()))
                {
                    var (file, unit) = name switch
                    {
                        "log_kvrh" => ("matbench_log_kvrh", "log10(GPa)"),
                        "perovskites" => ("matbench_perovskites", "eV/unit cell"),
                        _ => throw new CliUsageException($"unknown dataset '{name}' for 'bench tuned' (log_kvrh, perovskites)"),
                    };
                    var (records, md) = TunedCompareBenchmark.Run(DataDirectory.Require(file + ".json.gz", r.GetValue(g.DataDir)), file, unit,
                        r.GetValue(tuneMinutes), r.GetValue(tuneTrials), r.GetValue(docs)!, o);
                    store.Save(records, $"EOSnet vs tuned FastTree, LightGbm, Sdca and FastForest ({file})", md);
                }
            }
            o.Line($"results written to {Path.GetFullPath(r.GetValue(docs)!)}/benchmarks.md and benchmarks.json");
            _ = dataDir;
            return Task.FromResult(ExitCodes.Ok);
        }));
        return cmd;
    }
}
