using EOSnet.Featurization;
using EOSnet.MLNet;
using EOSnet.Model;
using Microsoft.ML;

namespace EOSnet.Cli.Workflows;

/// <summary>Settings of a fine-tuning learning curve (<c>eosnet finetune-curve</c>).</summary>
/// <param name="Folds">Matbench folds used as test sets.</param>
/// <param name="Sizes">Training-subset sizes (nested: the first n of one seeded order of the fold's training part).</param>
/// <param name="Epochs">Epoch budget of every run (both arms).</param>
/// <param name="BatchSize">Crystals per batch.</param>
/// <param name="Seed">Seed of the subsets, the validation splits and the trainings.</param>
/// <param name="Threads">libtorch threads (0 = unchanged).</param>
/// <param name="Device">auto | cpu | cuda.</param>
/// <param name="FineTuneRates">Learning rates tried for the fine-tuned arm.</param>
/// <param name="FreezeChoices">Freezing choices tried for the fine-tuned arm.</param>
/// <param name="ScratchRates">Learning rates tried for the from-scratch arm.</param>
/// <param name="ValidationFraction">Part of each subset held out to choose settings and the best epoch (never the test fold).</param>
/// <param name="Initial">The model fine-tuning starts from.</param>
public sealed record FineTuneCurveOptions(IReadOnlyList<int> Folds, IReadOnlyList<int> Sizes, int Epochs, int BatchSize, int Seed, int Threads, string Device,
    IReadOnlyList<double> FineTuneRates, IReadOnlyList<bool> FreezeChoices, IReadOnlyList<double> ScratchRates, double ValidationFraction, EosNetInitialModel Initial);

/// <summary>One trained candidate of a curve.</summary>
/// <param name="Fold">Test fold.</param>
/// <param name="Size">Training-subset size (training + validation rows).</param>
/// <param name="Arm">"scratch" or "fine-tuned".</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Frozen">Whether embedding and convolutions were frozen.</param>
/// <param name="ValidationMae">Best-epoch MAE on the validation part of the subset.</param>
/// <param name="TestMae">MAE on the test fold (only for the candidate chosen on validation; NaN otherwise).</param>
/// <param name="Selected">Whether validation chose this candidate for its arm.</param>
/// <param name="Seconds">Wall time of the training.</param>
public sealed record FineTuneCurveRow(int Fold, int Size, string Arm, double LearningRate, bool Frozen, double ValidationMae, double TestMae, bool Selected, double Seconds);

/// <summary>
/// Fine-tuned versus from-scratch EOSnet on the same folds, subsets and epoch budget. For each fold and size, a seeded
/// validation part of the subset chooses each arm's settings (and best epoch); only the chosen model of each arm is
/// scored on the test fold, so the test folds choose nothing.
/// </summary>
public static class FineTuneCurve
{
    /// <summary>Runs the curve; <paramref name="onRow"/> sees every candidate as it finishes.</summary>
    /// <param name="data">The dataset (with Matbench folds).</param>
    /// <param name="features">Its featurized structures by record index.</param>
    /// <param name="opt">The settings.</param>
    /// <param name="onRow">Progress callback.</param>
    /// <param name="ct">Cancellation.</param>
    public static List<FineTuneCurveRow> Run(Dataset data, IReadOnlyDictionary<int, CachedStructure> features, FineTuneCurveOptions opt, Action<FineTuneCurveRow> onRow, CancellationToken ct)
    {
        var folds = data.FoldOfRecords();
        var rows = new List<FineTuneCurveRow>();
        foreach (int fold in opt.Folds)
        {
            var labelled = features.Values.Where(f => f.Target is double t && double.IsFinite(t)).OrderBy(f => f.Index).ToList();
            var test = labelled.Where(f => folds[f.Index] == fold).ToList();
            var pool = labelled.Where(f => folds[f.Index] != fold && folds[f.Index] >= 0).ToArray();
            if (test.Count == 0) throw new CliUsageException($"fold {fold} has no labelled structures");
            new Random(opt.Seed + 1_000 * fold).Shuffle(pool);
            foreach (int size in opt.Sizes.Order())
            {
                if (size > pool.Length) throw new CliUsageException($"size {size} exceeds the {pool.Length} training structures of fold {fold}");
                var subset = pool.Take(size).ToArray();
                int nVal = Math.Max(2, (int)Math.Round(opt.ValidationFraction * size));
                var validation = subset.Take(nVal).ToList();
                var train = subset.Skip(nVal).ToList();
                var scratch = opt.ScratchRates.Select(lr => (lr, false, (EosNetInitialModel?)null));
                var tuned = opt.FineTuneRates.SelectMany(lr => opt.FreezeChoices.Select(f => (lr, f, (EosNetInitialModel?)opt.Initial)));
                foreach (var (arm, candidates) in new[] { ("scratch", scratch), ("fine-tuned", tuned) })
                {
                    var results = new List<(FineTuneCurveRow Row, EosNetPredictionTransformer Model)>();
                    foreach (var (lr, freeze, initial) in candidates)
                    {
                        ct.ThrowIfCancellationRequested();
                        var sw = System.Diagnostics.Stopwatch.StartNew();
                        var model = Fit(train, validation, opt, fold, lr, freeze, initial);
                        double val = model.Model.History.Where(h => h.ValidationMae is not null).Select(h => h.ValidationMae!.Value).DefaultIfEmpty(double.NaN).Min();
                        results.Add((new FineTuneCurveRow(fold, size, arm, lr, freeze, val, double.NaN, false, sw.Elapsed.TotalSeconds), model));
                    }
                    int best = Enumerable.Range(0, results.Count).MinBy(i => results[i].Row.ValidationMae);
                    for (int i = 0; i < results.Count; i++)
                    {
                        var row = results[i].Row;
                        if (i == best) row = row with { Selected = true, TestMae = TestMae(results[i].Model, test) };
                        results[i].Model.Dispose();
                        rows.Add(row);
                        onRow(row);
                    }
                }
            }
        }
        return rows;
    }

    private static EosNetPredictionTransformer Fit(List<CachedStructure> train, List<CachedStructure> validation, FineTuneCurveOptions opt, int fold, double lr, bool freeze, EosNetInitialModel? initial)
    {
        var ml = new MLContext(opt.Seed + fold);
        var o = EosNetPresets.Budget(opt.Epochs);
        o.BatchSize = opt.BatchSize;
        o.LearningRate = lr;
        o.Seed = opt.Seed + fold;
        o.Threads = opt.Threads;
        o.Device = opt.Device;
        o.InitialModel = initial;
        o.FreezeConvolutions = freeze;
        o.ValidationSet = ml.Data.LoadFromCrystalGraphs(validation);
        return ml.Regression.Trainers.EosNet(o).Fit(ml.Data.LoadFromCrystalGraphs(train));
    }

    private static double TestMae(EosNetPredictionTransformer model, List<CachedStructure> test)
    {
        var predictions = model.PredictBatch(test.Select(t => t.Graph).ToList());
        return test.Select((t, i) => Math.Abs(predictions[i].Value - t.Target!.Value)).Average();
    }
}
