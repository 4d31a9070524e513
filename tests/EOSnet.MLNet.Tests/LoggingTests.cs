using System.Collections.Concurrent;
using EOSnet.Crystals;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet.Tests;

/// <summary>
/// ML.NET-native behaviour (issue 27): training progress and featurizer warnings reach the context's log channel
/// (<c>ml.Log</c>), as ML.NET's own trainers report, instead of the console. Needs no data folder.
/// </summary>
public sealed class LoggingTests
{
    /// <summary>Rock-salt cells of growing lattice constant (label: the constant), and one sparse cell (a = 7 Å, one atom).</summary>
    private static List<CrystalRecord> Records()
    {
        var records = Enumerable.Range(0, 12).Select(i =>
        {
            double a = 4.0 + 0.15 * i;
            var c = Crystal.FromFractional(Lattice.FromParameters(a, a, a, 90, 90, 90), [11, 17], [new Vec3(0, 0, 0), new Vec3(0.5, 0.5, 0.5)], $"nacl-{i}");
            return new CrystalRecord(c.Id!, c, a);
        }).ToList();
        // Six neighbours at 7 Å, none closer: fewer than 12 within the 8 Å graph radius, so the graph pads (a warning).
        var sparse = Crystal.FromFractional(Lattice.FromParameters(7, 7, 7, 90, 90, 90), [26], [new Vec3(0, 0, 0)], "sparse");
        records.Add(new CrystalRecord("sparse", sparse, 7.0));
        return records;
    }

    [Fact]
    public void Training_progress_and_featurizer_warnings_reach_the_context_log()
    {
        var ml = new MLContext(1);
        var messages = new ConcurrentQueue<LoggingEventArgs>();
        ml.Log += (_, e) => messages.Enqueue(e);
        var data = ml.Data.LoadFromCrystals(Records());
        var pipeline = ml.Transforms.ComputeGomFingerprints()
            .Append(ml.Transforms.BuildCrystalGraph())
            .Append(ml.Regression.Trainers.EosNet(new EosNetTrainerOptions
                { Epochs = 3, BatchSize = 4, WarmupEpochs = 1, Milestones = [100], Seed = 1, Threads = 1, Device = "cpu" }));
        using var model = (IDisposable)pipeline.Fit(data);

        var info = messages.Where(m => m.Kind == ChannelMessageKind.Info).Select(m => m.Message).ToList();
        Assert.Contains(info, m => m.Contains("12 training and 1 validation structures", StringComparison.Ordinal) && m.Contains("3 epochs", StringComparison.Ordinal));
        for (int epoch = 1; epoch <= 3; epoch++)
            Assert.Contains(info, m => m.Contains($"epoch {epoch}/3: train loss", StringComparison.Ordinal));
        var warnings = messages.Where(m => m.Kind == ChannelMessageKind.Warning).Select(m => m.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("'sparse'", StringComparison.Ordinal) && m.Contains("fewer than 12 neighbours", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, m => m.Contains("nacl", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Source.Contains(nameof(EosNetTrainer), StringComparison.Ordinal));
    }
}
