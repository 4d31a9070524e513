using System.Diagnostics;
using System.Text.RegularExpressions;
using EOSnet.TestSupport;
using Xunit.Abstractions;

namespace EOSnet.Cli.Tests;

/// <summary>
/// kill -9 during training at random points, then --resume: at most the epoch in progress is lost and the final
/// model predicts exactly what an uninterrupted run predicts (CPU, same seed and threads). Kills:
/// $EOSNET_KILL_SOAK (default 3; the soak in docs/reliability.md uses 25).
/// </summary>
public partial class CrashSafetyTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"^epoch (\d+) ", RegexOptions.Multiline)]
    private static partial Regex EpochLine();

    private static string[] TrainArgs(string dir, int epochs) => new[]
    {
        "train", SharedData.Data("matbench_perovskites.json.gz"), "--limit", "300", "--fold", "0", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch-size", "32",
        "--threads", "2", "--device", "cpu", "--seed", "5", "--out", dir, "--no-cache",
    };

    [SharedDataFact]
    public void Killed_training_resumes_to_the_same_result_as_an_uninterrupted_run()
    {
        int kills = int.TryParse(Environment.GetEnvironmentVariable("EOSNET_KILL_SOAK"), out var k) ? k : 3;
        int epochs = Math.Max(12, 2 * kills + 4);
        string reference = Directory.CreateTempSubdirectory("eosnet-ref").FullName;
        var (code, _, err) = CliProcessTests.Run(TrainArgs(reference, epochs));
        Assert.True(code == 0, $"exit {code}: {err}");

        string dir = Directory.CreateTempSubdirectory("eosnet-killed").FullName;
        var rng = new Random(7);
        int killed = 0, attempts = 0, previousLast = 0;
        string finalOut = "";
        while (true)
        {
            attempts++;
            // Each kill lands after one of the next two epoch lines (chosen at random) plus 0-150 ms: inside the next epoch
            // or its checkpoint write. Kill times follow the run's progress, not the clock, so a fast machine cannot
            // finish before its kill.
            int target = killed < kills && previousLast + 1 < epochs ? rng.Next(previousLast + 1, Math.Min(epochs, previousLast + 3)) : -1;
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "eosnet.dll"));
            foreach (var a in TrainArgs(dir, epochs).Append("--resume")) psi.ArgumentList.Add(a);
            psi.Environment["EOSNET_CACHE_DIR"] = CliProcessTests.CacheDir;
            var stdout = new System.Text.StringBuilder();
            using var reached = new ManualResetEventSlim();
            using var exited = new ManualResetEventSlim();
            using var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
            p.Exited += (_, _) => exited.Set();
            p.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (stdout) stdout.AppendLine(e.Data);
                var m = EpochLine().Match(e.Data);
                if (target > 0 && m.Success && int.Parse(m.Groups[1].Value) >= target) reached.Set();
            };
            p.Start();
            p.BeginOutputReadLine();
            var stderr = p.StandardError.ReadToEndAsync();
            bool finished;
            if (target > 0 && WaitHandle.WaitAny(new[] { reached.WaitHandle, exited.WaitHandle }, 600_000) == 0)
            {
                Thread.Sleep(rng.Next(0, 150));
                finished = p.HasExited;
                if (!finished)
                {
                    p.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flushing
                    killed++;
                }
            }
            else finished = true;
            p.WaitForExit();
            string text;
            lock (stdout) text = stdout.ToString();
            var printed = EpochLine().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            // A checkpoint is written after every epoch: a resumed run repeats at most the epoch that was cut off.
            if (printed.Count > 0) Assert.True(printed[0] >= previousLast, $"run {attempts} restarted at epoch {printed[0]} after epoch {previousLast} had been printed");
            if (printed.Count > 0) previousLast = printed[^1];
            if (finished)
            {
                Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr.Result}");
                finalOut = text;
                break;
            }
        }
        string summary = $"kill -9 soak: {killed} kills in {attempts} runs, resumed to the uninterrupted result";
        output.WriteLine(summary);
        Console.WriteLine($"[eosnet] {summary}");
        Assert.True(killed >= 1, summary);
        Assert.Contains("test MAE:", finalOut);
        Assert.Equal(File.ReadAllLines(Path.Combine(reference, "test_predictions.csv")), File.ReadAllLines(Path.Combine(dir, "test_predictions.csv")));
    }
}
