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

    private static string[] TrainArgs(string dir) => new[]
    {
        "train", SharedData.Data("matbench_perovskites.json.gz"), "--limit", "300", "--fold", "0", "--epochs", "30", "--batch-size", "32",
        "--threads", "2", "--device", "cpu", "--seed", "5", "--out", dir, "--no-cache",
    };

    [SharedDataFact]
    public void Killed_training_resumes_to_the_same_result_as_an_uninterrupted_run()
    {
        int kills = int.TryParse(Environment.GetEnvironmentVariable("EOSNET_KILL_SOAK"), out var k) ? k : 3;
        string reference = Directory.CreateTempSubdirectory("eosnet-ref").FullName;
        var clock = Stopwatch.StartNew();
        var (code, _, err) = CliProcessTests.Run(TrainArgs(reference));
        Assert.True(code == 0, $"exit {code}: {err}");
        // Kill somewhere between 20 % and 60 % of an uninterrupted run's wall time (start-up, featurization or training):
        // the first attempt is always cut off, and a resumed run, which has less left to do, usually is too.
        int runMs = (int)clock.ElapsedMilliseconds;

        string dir = Directory.CreateTempSubdirectory("eosnet-killed").FullName;
        var rng = new Random(7);
        int killed = 0, attempts = 0, previousLast = 0;
        string finalOut = "";
        while (true)
        {
            attempts++;
            bool kill = killed < kills && attempts <= 4 * kills;
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "eosnet.dll"));
            foreach (var a in TrainArgs(dir).Append("--resume")) psi.ArgumentList.Add(a);
            psi.Environment["EOSNET_CACHE_DIR"] = CliProcessTests.CacheDir;
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            bool finished = p.WaitForExit(kill ? rng.Next(Math.Max(200, runMs * 20 / 100), Math.Max(400, runMs * 60 / 100)) : 600_000);
            if (!finished)
            {
                p.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flushing
                p.WaitForExit();
                killed++;
            }
            var epochs = EpochLine().Matches(stdout.Result).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            // A checkpoint is written after every epoch: a resumed run repeats at most the epoch that was cut off.
            if (epochs.Count > 0) Assert.True(epochs[0] >= previousLast, $"run {attempts} restarted at epoch {epochs[0]} after epoch {previousLast} had been printed");
            if (epochs.Count > 0) previousLast = epochs[^1];
            if (finished)
            {
                Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr.Result}");
                finalOut = stdout.Result;
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
