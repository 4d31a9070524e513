using System.Diagnostics;
using System.Text;
using EOSnet.Crystals.IO;
using EOSnet.Model;
using EOSnet.Model.Equivariant;

namespace EOSnet.Cli.Bench;

/// <summary>Training throughput of v2 (EOSNetV2, default and small) beside v1 on the same perovskite structures.</summary>
public static class TrainV2Benchmark
{
    /// <summary>Runs the benchmark: <paramref name="count"/> structures of perovskites fold 0's train part, <paramref name="epochs"/> epochs per network, the last one timed.</summary>
    public static (List<BenchmarkRecord> Records, string Markdown) Run(string perovskites, string command, Action<string> log, int count = 500, int epochs = 2, int batch = 32)
    {
        const int threads = 2;
        var folds = MatbenchFolds.Load(perovskites.Replace(".json.gz", ".folds.json", StringComparison.Ordinal));
        var records = new MatbenchJsonReader(perovskites).Read().Where(r => !folds.TestIds[0].Contains(r.Id)).Take(count).ToList();
        var graphs = TrainBenchmark.Featurize(records, out var targets);
        var sw = Stopwatch.StartNew();
        var samples = records.Select(r => EquivariantSample.FromCrystal(r.Crystal)).ToList();
        double v2Featurize = sw.Elapsed.TotalSeconds;
        long edges = samples.Sum(s => (long)s.Sources.Length);
        int atoms = samples.Sum(s => s.AtomCount);
        log(FormattableString.Invariant($"{samples.Count} structures, {atoms} atoms, {edges} v2 edges (featurized for v2 in {v2Featurize:F1} s)"));

        var rows = new List<(string Net, long Parameters, double Seconds, double FirstEpoch)>();
        {
            var times = new List<double>();
            using var model = EosNetTraining.Train(new TrainingData(graphs, targets), null, new EosNetArchitecture(),
                new TrainingOptions { Epochs = epochs, BatchSize = batch, WarmupEpochs = 1, Threads = threads, Device = "cpu", Seed = 1 },
                new TrainingHooks { OnEpochEnd = r => times.Add(r.Seconds) });
            rows.Add(("v1 (EosNetArchitecture default)", model.Network.ParameterCount, times[^1], times[0]));
            log(FormattableString.Invariant($"v1: {times[^1]:F2} s/epoch, {graphs.Count / times[^1]:F0} structures/s"));
        }
        foreach (var (name, config) in new[] { ("v2 Small", EosNetV2Config.Small), ("v2 Default", EosNetV2Config.Default) })
        {
            var times = new List<double>();
            var clock = Stopwatch.StartNew();
            using var model = EosNetV2Training.Train(samples, targets, config,
                new EosNetV2TrainingOptions { Epochs = epochs, BatchSize = batch, LearningRate = 1e-3, WarmupEpochs = 0, Schedule = LearningRateSchedule.Constant, Threads = threads, Device = "cpu", Seed = 1 },
                (_, _) => { times.Add(clock.Elapsed.TotalSeconds); clock.Restart(); });
            rows.Add(($"{name} ({config.HiddenIrreps}, {config.Interactions} blocks)", model.Network.ParameterCount, times[^1], times[0]));
            log(FormattableString.Invariant($"{name}: {times[^1]:F2} s/epoch, {samples.Count / times[^1]:F0} structures/s"));
        }

        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        var result = new List<BenchmarkRecord>();
        var md = new StringBuilder();
        md.AppendLine(FormattableString.Invariant($"The first {samples.Count} structures of matbench_perovskites fold 0's train part ({atoms} atoms; v1: 12 neighbours per atom; v2: every neighbour within 8 Å, {edges:N0} edges, {(double)edges / samples.Count:F0} per structure),"));
        md.AppendLine(FormattableString.Invariant($"batch {batch}, CPU float32, {threads} libtorch threads, {epochs} epochs per network, the last epoch timed (wall clock; featurization done beforehand, not timed). v1 runs its reference recipe (warm-up, clip 1.0);"));
        md.AppendLine("v2 runs `EosNetV2Training` (Adam lr 1e-3, clip 1.0). Shared 2-core build machine with other jobs running:");
        md.AppendLine($"load average at the end of the run `{load}` (`/proc/loadavg`), so absolute rates can be off by 2× or more; the ratios are the figure to read.");
        md.AppendLine();
        md.AppendLine("| network | parameters | s/epoch (timed epoch) | structures/s | first epoch, s | vs v1 |");
        md.AppendLine("|---|---|---|---|---|---|");
        double v1Rate = samples.Count / rows[0].Seconds;
        foreach (var (net, parameters, seconds, first) in rows)
        {
            double rate = samples.Count / seconds;
            md.AppendLine(FormattableString.Invariant($"| {net} | {parameters:N0} | {seconds:F2} | {rate:F1} | {first:F2} | {rate / v1Rate:F3}× |"));
            string key = net.StartsWith("v1", StringComparison.Ordinal) ? "v1" : net.StartsWith("v2 Small", StringComparison.Ordinal) ? "v2_small" : "v2_default";
            result.Add(new BenchmarkRecord($"train_v2.{key}.structures_per_s", "matbench_perovskites", threads, Math.Round(rate, 2), "structures/s", command, BenchmarkStore.Today)
            { Note = FormattableString.Invariant($"first {samples.Count} of fold 0 train part, batch {batch}, epoch {epochs} of {epochs} timed; {parameters} parameters; loadavg {load}") });
        }
        md.AppendLine();
        md.AppendLine("Where the time goes (not profiled here): v2 sees every neighbour within 8 Å, about 770 edges per perovskite against v1's 60 (12 per atom), and every edge carries a tensor product with its own radial-MLP weights (4 800 per edge and block in Default), forward and backward; v1's per-edge work is one small gated linear layer. The first epochs include one-off warm-up (libtorch allocations, JIT).");
        return (result, md.ToString());
    }
}
