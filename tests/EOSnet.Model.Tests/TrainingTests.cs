using EOSnet.Crystals.IO;
using EOSnet.Featurization;
using EOSnet.TestSupport;

namespace EOSnet.Model.Tests;

public class TrainingTests
{
    private static readonly Lazy<(List<CrystalGraph> Graphs, List<double> Targets)> Data = new(() =>
    {
        var records = new MatbenchJsonReader(SharedData.Data("matbench_perovskites.json.gz")).Read().Take(600).ToList();
        var f = new CrystalFeaturizer();
        return (records.Select(r => f.Featurize(r.Crystal)!).ToList(), records.Select(r => r.Target!.Value).ToList());
    });

    private static (TrainingData Train, TrainingData Val) Split(int train = 500)
    {
        var (g, t) = Data.Value;
        return (new TrainingData(g.Take(train).ToList(), t.Take(train).ToList()), new TrainingData(g.Skip(train).ToList(), t.Skip(train).ToList()));
    }

    private static TrainingOptions Quick(int epochs) => new() { Epochs = epochs, BatchSize = 64, WarmupEpochs = 2, Milestones = new[] { 100 }, Seed = 7, Threads = 2, Device = "cpu" };

    [SharedDataFact]
    public void Training_on_real_perovskites_beats_the_mean_predictor_by_far()
    {
        var (train, val) = Split();
        using var model = EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(15));
        double mean = train.Targets.Average();
        double baseline = val.Targets.Average(t => Math.Abs(t - mean));
        var preds = model.Predict(val.Graphs);
        double mae = preds.Zip(val.Targets, (p, t) => Math.Abs(p.Value - t)).Average();
        Assert.True(mae < 0.6 * baseline, $"validation MAE {mae:F3} vs mean-predictor {baseline:F3}");
        Assert.Equal(15, model.History.Count);
        Assert.Contains(model.History, h => h.IsBest);
        Assert.Equal(model.History.Where(h => h.ValidationMae.HasValue).Min(h => h.ValidationMae!.Value), mae, 4);
    }

    [SharedDataFact]
    public void Same_seed_gives_identical_losses_and_predictions()
    {
        var (train, val) = Split(200);
        using var a = EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(3));
        using var b = EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(3));
        Assert.Equal(a.History.Select(h => h.TrainLoss), b.History.Select(h => h.TrainLoss));
        Assert.Equal(a.Predict(val.Graphs).Select(p => p.Value), b.Predict(val.Graphs).Select(p => p.Value));
    }

    [SharedDataFact]
    public void V1_training_minimises_the_chosen_regression_loss()
    {
        // One batch of every row: the first epoch's loss is that of the same seeded start under either loss, so the
        // mean absolute error is below the root of the mean squared one (Jensen) and not equal to the squared one.
        var (train, val) = Split(100);
        double FirstLoss(RegressionLoss loss)
        {
            using var model = EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(1) with { BatchSize = 100, Loss = loss });
            return model.History[0].TrainLoss;
        }
        double mse = FirstLoss(RegressionLoss.SquaredError), l1 = FirstLoss(RegressionLoss.AbsoluteError);
        Assert.True(l1 <= Math.Sqrt(mse) + 1e-6, $"L1 {l1} vs √MSE {Math.Sqrt(mse)}");
        Assert.True(Math.Abs(l1 - mse) > 1e-3 && Math.Abs(l1 - Math.Sqrt(mse)) > 1e-4, $"L1 {l1}, MSE {mse}: the loss must change with the option");
    }

    [Trait("Category", "GcPressure")]
    [SharedDataFact]
    public void Training_while_collections_run_nonstop_gives_the_undisturbed_result() => AssertUndisturbedByCollections("reference recipe", o => o);

    [Trait("Category", "GcPressure")]
    [SharedDataFact]
    public void Training_with_cosine_decay_and_weight_averaging_while_collections_run_nonstop_gives_the_undisturbed_result() =>
        AssertUndisturbedByCollections("cosine-average recipe (cosine, weight average 0.99)", o => o with { Schedule = LearningRateSchedule.Cosine, EmaDecay = 0.99 });

    [Trait("Category", "GcPressure")]
    [SharedDataFact]
    public void Training_on_the_absolute_error_while_collections_run_nonstop_gives_the_undisturbed_result() =>
        AssertUndisturbedByCollections("cosine-average recipe, L1 loss", o => o with { Schedule = LearningRateSchedule.Cosine, EmaDecay = 0.99, Loss = RegressionLoss.AbsoluteError });

    /// <summary>A training run with <paramref name="recipe"/> applied equals the same run under nonstop collections.</summary>
    private static void AssertUndisturbedByCollections(string name, Func<TrainingOptions, TrainingOptions> recipe)
    {
        // Every number handed to libtorch must be held by our code for the whole native call: a temporary Scalar freed
        // by the finalizer under its own call crashes (or silently changes) a run. Collections on another thread
        // without pause make any such temporary fail within a few thousand calls. EOSNET_GC_TRAINING_EPOCHS and
        // EOSNET_GC_TRAINING_ROWS make it the long run of scripts/soak-gc.sh (50 epochs on 500 perovskites).
        int epochs = int.TryParse(Environment.GetEnvironmentVariable("EOSNET_GC_TRAINING_EPOCHS"), out var e) ? e : 4;
        int rows = int.TryParse(Environment.GetEnvironmentVariable("EOSNET_GC_TRAINING_ROWS"), out var r) ? r : 200;
        var (train, val) = Split(rows);
        var options = recipe(Quick(epochs) with { EarlyStoppingPatience = null });
        using var undisturbed = EosNetTraining.Train(train, val, new EosNetArchitecture(), options);
        long collections;
        EosNetModel disturbed;
        using (var gc = new NonstopCollections())
        {
            disturbed = EosNetTraining.Train(train, val, new EosNetArchitecture(), options);
            collections = gc.Count;
        }
        bool identical;
        double worst;
        using (disturbed)
        {
            Assert.Equal(epochs, disturbed.History.Count);
            var pairs = new[]
            {
                UndisturbedComparison.Compare("training loss", undisturbed.History.Select(h => h.TrainLoss), disturbed.History.Select(h => h.TrainLoss)),
                UndisturbedComparison.Compare("validation MAE", undisturbed.History.Select(h => h.ValidationMae!.Value), disturbed.History.Select(h => h.ValidationMae!.Value)),
                UndisturbedComparison.Compare("prediction", undisturbed.Predict(val.Graphs).Select(p => (double)p.Value), disturbed.Predict(val.Graphs).Select(p => (double)p.Value)),
            };
            identical = pairs.All(p => p.Identical);
            worst = pairs.Max(p => p.MaxRelative);
        }
        Assert.True(collections > epochs, $"only {collections} collections ran during {epochs} epochs");
        string line = $"[eosnet] GC training, {name}: {epochs} epochs on {train.Graphs.Count} structures, {collections} collections during the disturbed run, " +
                      (identical ? "identical losses and predictions" : $"losses and predictions equal within float32 rounding, not bit for bit (largest relative difference {worst:G3})");
        UndisturbedComparison.Report(line);
    }

    [SharedDataFact]
    public void Trainings_started_at_the_same_time_give_their_sequential_results()
    {
        // Initialisation draws from libtorch's process-wide generator; concurrent trainings must not interleave draws.
        var (train, val) = Split(100);
        var seeds = new[] { 7, 8, 9, 10 };
        var sequential = seeds.Select(seed => FirstLoss(seed)).ToArray();
        for (int round = 0; round < 3; round++)
        {
            using var start = new Barrier(seeds.Length);
            var concurrent = new double[seeds.Length];
            var threads = seeds.Select((seed, i) => new Thread(() => { start.SignalAndWait(); concurrent[i] = FirstLoss(seed); })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.Equal(sequential, concurrent);
        }
        Assert.Equal(seeds.Length, sequential.Distinct().Count());

        double FirstLoss(int seed)
        {
            using var model = EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(1) with { Seed = seed, Threads = 1 });
            return model.History[0].TrainLoss;
        }
    }

    [SharedDataFact]
    public void Resuming_from_a_checkpoint_continues_exactly()
    {
        var (train, val) = Split(200);
        var dir = Directory.CreateTempSubdirectory("eosnet-ckpt").FullName;
        var path = Path.Combine(dir, "run.ckpt");
        using var straight = EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(4));
        // "Killed" after epoch 2: a run with Epochs = 2 writes the same checkpoint the 4-epoch run had at that point.
        using (EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(2), new TrainingHooks { CheckpointPath = path })) { }
        Assert.True(File.Exists(path));
        using var resumed = EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(4), new TrainingHooks { CheckpointPath = path, Resume = true });
        Assert.Equal(straight.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
        Assert.Equal(straight.Predict(val.Graphs).Select(p => p.Value), resumed.Predict(val.Graphs).Select(p => p.Value));
        // A damaged checkpoint is refused, never read back as valid.
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(5), new TrainingHooks { CheckpointPath = path, Resume = true }));
        Assert.Contains("checksum", ex.Message);
    }

    [SharedDataFact]
    public void A_saved_model_loads_with_identical_predictions_and_a_tampered_one_fails()
    {
        var (train, val) = Split(150);
        using var model = EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(2));
        using var ms = new MemoryStream();
        model.Save(ms);
        ms.Position = 0;
        using var loaded = EosNetModel.Load(ms);
        Assert.Equal(model.Predict(val.Graphs).Select(p => p.Value), loaded.Predict(val.Graphs).Select(p => p.Value));
        Assert.Equal(model.Normalizer, loaded.Normalizer);
        Assert.Equal(model.History.Count, loaded.History.Count);
        var bytes = ms.ToArray();
        bytes[^40] ^= 1;
        Assert.Throws<InvalidDataException>(() => EosNetModel.Load(new MemoryStream(bytes)));
        Assert.Throws<InvalidDataException>(() => EosNetModel.Load(new MemoryStream(new byte[] { 1, 2, 3 })));
    }

    [SharedDataFact]
    public void Classification_trains_with_class_weights_and_reports_auc()
    {
        var (g, t) = Data.Value;
        double median = t.Take(500).OrderBy(x => x).ElementAt(250);
        var labels = t.Select(x => x > median ? 1.0 : 0.0).ToList();
        var train = new TrainingData(g.Take(500).ToList(), labels.Take(500).ToList());
        var val = new TrainingData(g.Skip(500).ToList(), labels.Skip(500).ToList());
        using var model = EosNetTraining.Train(train, val, new EosNetArchitecture { Task = ModelTask.BinaryClassification }, Quick(8));
        var best = model.History.Max(h => h.ValidationAuc!.Value);
        Assert.True(best > 0.75, $"best validation AUC {best:F3}");
        var p = model.Predict(val.Graphs);
        Assert.All(p, x => Assert.InRange(x.Probability, 0f, 1f));
    }

    [SharedDataFact]
    public void Memory_stays_flat_over_epochs()
    {
        var (train, val) = Split(300);
        var rss = new List<long>();
        using var model = EosNetTraining.Train(train, val, new EosNetArchitecture(), Quick(14), new TrainingHooks
        {
            OnEpochEnd = _ => { GC.Collect(); rss.Add(Environment.WorkingSet); },
        });
        long growth = rss[^1] - rss[4];
        // A leak of the per-batch tensors would add hundreds of MB over these 45 batches.
        Assert.True(growth < 100L << 20, $"working set grew by {growth >> 20} MB between epochs 5 and 14");
    }

    [Fact]
    public void Class_weights_are_balanced_and_batches_never_end_with_a_lonely_atom()
    {
        var w = EosNetTraining.ClassWeights(new double[] { 1, 0, 0, 0 });
        Assert.Equal(3.0, w[1] / w[0], 5); // n/(2·1) vs n/(2·3)
        Assert.Equal(1.0, Math.Sqrt(w[0] * w[0] + w[1] * w[1]), 5);
        var one = new CrystalGraph("a", new[] { 29 }, new float[66], 66, new int[12], Enumerable.Repeat(2.5, 12).ToArray(), 12);
        var graphs = Enumerable.Repeat(one, 5).ToList();
        var batches = EosNetTraining.Batches(graphs, Enumerable.Range(0, 5).ToArray(), 2);
        Assert.Equal(new[] { 2, 3 }, batches.Select(b => b.Count));
        Assert.NotEqual(EosNetTraining.Shuffle(50, 1, 0), EosNetTraining.Shuffle(50, 1, 1));
        Assert.Equal(EosNetTraining.Shuffle(50, 1, 3), EosNetTraining.Shuffle(50, 1, 3));
    }
}
