using System.Diagnostics;
using System.Globalization;
using System.Text;
using EOSnet.Crystals;
using EOSnet.Crystals.IO;

namespace EOSnet.Cli.Bench;

/// <summary>
/// Screening at scale through the real <c>eosnet predict</c> (child processes): throughput from files on disk to
/// written predictions on 1 and 2 cores (taskset), peak RSS for growing inputs (streamed extxyz built by repeating and
/// perturbing matbench_mp_gap), and a 4-shard run merged and compared byte for byte with one run, also after one shard
/// was killed with SIGKILL and rerun.
/// </summary>
public static class ScreenBenchmark
{
    private const string PublishedModel = "mp2018-bgap";

    /// <summary>Runs the benchmark; returns its records and Markdown section.</summary>
    public static (List<BenchmarkRecord> Records, string Markdown) Run(string mpGapPath, string command, Action<string> log, int files = 20_000, int[]? sizes = null)
    {
        sizes ??= [10_000, 100_000];
        var dir = Directory.CreateTempSubdirectory("eosnet-bench-screen-").FullName;
        var records = new List<BenchmarkRecord>();
        var md = new StringBuilder();
        try
        {
            // The authors' published band-gap model (their architecture) when this build ships it; else a 1-epoch model of ours.
            string modelZip = EOSnet.Models.EosNetModels.Find(PublishedModel) is { IsShipped: true } ? PublishedModel : Path.Combine(dir, "model", "model.zip");
            if (modelZip != PublishedModel)
                Check(Eosnet(null, "train", mpGapPath, "--limit", "500", "--epochs", "1", "--batch-size", "64", "--device", "cpu", "--out", Path.GetDirectoryName(modelZip)!), "train");
            string modelText = modelZip == PublishedModel ? $"the published `{PublishedModel}` (the authors' architecture)" : "ours, 1 epoch on 500 structures (speed does not depend on the weights)";

            // Files on disk: one pymatgen-style CIF per Materials Project structure.
            string folder = Directory.CreateDirectory(Path.Combine(dir, "cifs")).FullName;
            foreach (var r in new MatbenchJsonReader(mpGapPath).Read().Take(files))
                File.WriteAllText(Path.Combine(folder, r.Id + ".cif"), CifReadBenchmark.P1Cif(r.Crystal, r.Id));
            int n = Directory.GetFiles(folder).Length;
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"`eosnet predict` as a child process (model: {modelText}), batch 1024. Files: the first {n} structures of `matbench_mp_gap`, one P1 CIF each. Wall time from start to the renamed output, including the process start and model load; peak = the child's VmHWM."));
            md.AppendLine();
            md.AppendLine("| run | structures | cores | s | structures/s | peak RSS MB | where the time goes |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            string single = "";
            foreach (var cores in new[] { "0", "0,1" })
            {
                int count = cores.Split(',').Length;
                string outCsv = Path.Combine(dir, $"single-{count}.csv");
                var (code, seconds, peak, _, json) = EosnetJson(cores, true, "predict", "--model", modelZip, folder, "--out", outCsv);
                Check((code, seconds, peak, ""), "predict");
                string breakdown = Breakdown(json);
                if (count == 2) single = outCsv;
                double rate = n / seconds;
                log(string.Create(CultureInfo.InvariantCulture, $"screen files, {count} core(s): {rate:F0} structures/s, peak {peak:F0} MB"));
                records.Add(new BenchmarkRecord("screen.files_structures_per_s", $"matbench_mp_gap[0:{n}] as CIF files", count, Math.Round(rate), "structures/s", command, BenchmarkStore.Today)
                    { Note = string.Create(CultureInfo.InvariantCulture, $"eosnet predict, taskset -c {cores}, wall {seconds:F1} s incl. start-up, peak RSS {peak:F0} MB; {breakdown}") });
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| CIF files | {n} | {count} | {seconds:F1} | {rate:F0} | {peak:F0} | {breakdown} |"));
            }

            foreach (int size in sizes)
            {
                string xyz = Path.Combine(dir, $"repeated-{size}.extxyz");
                WriteRepeated(mpGapPath, xyz, size);
                var (code, seconds, peak, _, json) = EosnetJson("0,1", true, "predict", "--model", modelZip, xyz, "--out", Path.Combine(dir, $"repeated-{size}.csv"));
                Check((code, seconds, peak, ""), "predict");
                string breakdown = Breakdown(json);
                log(string.Create(CultureInfo.InvariantCulture, $"screen {size}: {size / seconds:F0} structures/s, peak {peak:F0} MB"));
                records.Add(new BenchmarkRecord("screen.peak_rss_mb", $"matbench_mp_gap repeated and perturbed, {size} structures (extxyz)", 2, Math.Round(peak), "MB", command, BenchmarkStore.Today)
                    { Note = string.Create(CultureInfo.InvariantCulture, $"{size / seconds:F0} structures/s, wall {seconds:F1} s; {breakdown}") });
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| extxyz, repeated + perturbed | {size} | 2 | {seconds:F1} | {size / seconds:F0} | {peak:F0} | {breakdown} |"));
                File.Delete(xyz);
            }

            // 4 shards in parallel, merged; then shard 2 killed mid-way with SIGKILL, rerun, merged again.
            string shards = Path.Combine(dir, "shards");
            var procs = Enumerable.Range(0, 4).Select(i => Start(null, "predict", "--model", modelZip, folder, "--shard", $"{i}/4", "--out", shards)).ToList();
            foreach (var p in procs) { p.WaitForExit(); Check((p.ExitCode, 0, 0, ""), "shard"); }
            string merged = Path.Combine(dir, "merged.csv");
            Check(Eosnet(null, "merge", shards, "--out", merged), "merge");
            bool identical = File.ReadAllBytes(merged).AsSpan().SequenceEqual(File.ReadAllBytes(single));
            string third = Path.Combine(shards, "shard-00002-of-00004.csv");
            File.Delete(third);
            var victim = Start(null, "predict", "--model", modelZip, folder, "--shard", "2/4", "--out", shards);
            var sw = Stopwatch.StartNew();
            while (!victim.HasExited && !(File.Exists(third + ".partial") && new FileInfo(third + ".partial").Length > 4096) && sw.Elapsed.TotalMinutes < 5) Thread.Sleep(20);
            bool killedMidway = !victim.HasExited;
            if (killedMidway) victim.Kill(); // SIGKILL
            victim.WaitForExit();
            bool mergeRefused = Eosnet(null, "merge", shards, "--out", merged).Code != 0;
            Check(Eosnet(null, "predict", "--model", modelZip, folder, "--shard", "2/4", "--out", shards), "rerun");
            Check(Eosnet(null, "merge", shards, "--out", merged), "merge");
            bool identicalAfterKill = File.ReadAllBytes(merged).AsSpan().SequenceEqual(File.ReadAllBytes(single));
            log($"shards: merged identical {identical}; killed mid-way {killedMidway}, merge refused before the rerun {mergeRefused}, identical after the rerun {identicalAfterKill}");
            records.Add(new BenchmarkRecord("screen.shards_merged_identical", $"matbench_mp_gap[0:{n}] as CIF files, 4 shards", 1, identical ? 1 : 0, "1 = byte-identical", command, BenchmarkStore.Today));
            records.Add(new BenchmarkRecord("screen.shard_killed_rerun_identical", $"matbench_mp_gap[0:{n}] as CIF files, 4 shards", 1, identicalAfterKill && killedMidway && mergeRefused ? 1 : 0, "1 = byte-identical", command, BenchmarkStore.Today)
                { Note = $"shard 2 killed with SIGKILL mid-way: {killedMidway}; merge refused while it was missing: {mergeRefused}" });
            md.AppendLine();
            md.AppendLine($"4 shards (`--shard i/4`, run in parallel) merged with `eosnet merge`: byte-identical to the single 2-core run: **{identical}**. " +
                $"Shard 2 killed with SIGKILL while writing (its `.partial` file over 4 KB): {killedMidway}; `merge` refused while it was missing: {mergeRefused}; after rerunning that shard alone the merge is byte-identical: **{identicalAfterKill}**.");
            return (records, md.ToString());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>extxyz of <paramref name="count"/> structures: matbench_mp_gap cycled, each copy's atoms displaced by N(0, 0.01 Å), seed 1.</summary>
    private static void WriteRepeated(string mpGapPath, string path, int count)
    {
        var rng = new Random(1);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        int written = 0;
        while (written < count)
            foreach (var r in new MatbenchJsonReader(mpGapPath).Read())
            {
                if (written == count) break;
                var c = r.Crystal;
                var l = c.Lattice;
                w.WriteLine(c.Count.ToString(CultureInfo.InvariantCulture));
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Lattice=\"{l.A.X:R} {l.A.Y:R} {l.A.Z:R} {l.B.X:R} {l.B.Y:R} {l.B.Z:R} {l.C.X:R} {l.C.Y:R} {l.C.Z:R}\" Properties=species:S:1:pos:R:3 struct_id={r.Id}-{written} pbc=\"T T T\""));
                var symbols = c.Symbols.ToList();
                for (int i = 0; i < c.Count; i++)
                {
                    var p = c.CartesianPositions[i];
                    double Noise() => 0.01 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{symbols[i]} {p.X + Noise():F8} {p.Y + Noise():F8} {p.Z + Noise():F8}"));
                }
                written++;
            }
    }

    private static void Check((int Code, double Seconds, double Peak, string Output) run, string what)
    {
        if (run.Code is not (0 or 5)) throw new InvalidOperationException($"bench screen: '{what}' exited with {run.Code}: {run.Output}");
    }

    /// <summary>Runs this eosnet binary as a child (pinned to <paramref name="cores"/> when given); wall seconds and peak RSS.</summary>
    private static (int Code, double Seconds, double PeakMb, string Output) Eosnet(string? cores, params string[] args)
    {
        var (code, seconds, peak, stderr, _) = EosnetJson(cores, json: false, args);
        return (code, seconds, peak, stderr);
    }

    /// <summary>As <see cref="Eosnet(string?, string[])"/>; with <paramref name="json"/>, also the child's JSON records (standard output).</summary>
    private static (int Code, double Seconds, double PeakMb, string Output, string Records) EosnetJson(string? cores, bool json, params string[] args)
    {
        var sw = Stopwatch.StartNew();
        using var p = Start(cores, json, args);
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = json ? p.StandardOutput.ReadToEndAsync() : Task.FromResult("");
        double peak = 0;
        while (!p.WaitForExit(100)) peak = Math.Max(peak, PeakOf(p.Id));
        return (p.ExitCode, sw.Elapsed.TotalSeconds, peak, stderr.Result, stdout.Result);
    }

    /// <summary>"read a + featurize b + networks c + write d s" from a predict record's <c>seconds</c>.</summary>
    private static string Breakdown(string records)
    {
        var line = records.Split('\n').LastOrDefault(l => l.Contains("\"kind\":\"predict\"", StringComparison.Ordinal));
        if (line is null) return "no timing record";
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        var t = doc.RootElement.GetProperty("seconds");
        double V(string name) => t.GetProperty(name).GetDouble();
        return string.Create(CultureInfo.InvariantCulture,
            $"in-process {V("total"):F1} s: read {V("read"):F1}, featurize {V("featurize"):F1}, networks {V("network"):F1}, write {V("write"):F1}");
    }

    private static Process Start(string? cores, params string[] args) => Start(cores, json: false, args);

    /// <summary>Starts this eosnet binary; with <paramref name="json"/>, its JSON records come on standard output (else --quiet).</summary>
    private static Process Start(string? cores, bool json, params string[] args)
    {
        var self = Environment.ProcessPath!;
        var entry = typeof(ScreenBenchmark).Assembly.Location;
        var psi = new ProcessStartInfo(cores is null ? self : "taskset") { RedirectStandardError = true, RedirectStandardOutput = json, UseShellExecute = false };
        if (cores is not null) { psi.ArgumentList.Add("-c"); psi.ArgumentList.Add(cores); psi.ArgumentList.Add(self); }
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(entry);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add(json ? "--json" : "--quiet");
        return Process.Start(psi)!;
    }

    private static double PeakOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { }
        return 0;
    }
}
