using EOSnet.Model;

namespace EOSnet.MLNet;

/// <summary>
/// Named trainer settings. <see cref="Paper"/> is the authors' published recipe (500 epochs); <see cref="Budget"/>
/// is the recipe our accuracy campaign uses when only a few dozen epochs fit (docs/accuracy.md); <see cref="Best"/> is
/// the setting that campaign selected on validation folds.
/// </summary>
public static class EosNetPresets
{
    /// <summary>
    /// The authors' v1 recipe: 500 epochs, batch 256, Adam lr 1e-3, 20 warm-up epochs, ×0.1 after 100/200/400 epochs,
    /// embedding 64, 3 convolutions, one hidden layer of 128, GOM(s) with <see cref="Featurization.GomOptions.DefaultFingerprintLength"/> values.
    /// </summary>
    public static EosNetTrainerOptions Paper() => new();

    /// <summary>
    /// A short-budget recipe: <paramref name="epochs"/> epochs, batch 64, lr 1e-3, warm-up of max(1, epochs/15)
    /// epochs, ×0.1 at 70 % and 90 % of the budget (the paper's schedule cut to a short budget never decays).
    /// Architecture as the paper.
    /// </summary>
    public static EosNetTrainerOptions Budget(int epochs)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "must be ≥ 1");
        int warmup = Math.Max(1, epochs / 15);
        var milestones = new[] { (int)Math.Round(0.7 * epochs) - warmup, (int)Math.Round(0.9 * epochs) - warmup }
            .Where(m => m > 0).Distinct().ToArray();
        return new EosNetTrainerOptions { Epochs = epochs, BatchSize = 64, WarmupEpochs = warmup, Milestones = milestones };
    }

    /// <summary>
    /// The best setting of our campaign (chosen on validation MAE, never on test folds; docs/accuracy.md): the budget
    /// recipe with one-hot + GOM(s) atom features (the default featurizers) and 120 epochs. On
    /// matbench_perovskites at a 30-epoch budget the mean validation MAE was 0.0557 for GOM(s), 0.0562 for one-hot only
    /// and 0.0563 for GOM(sp); with GOM(s) it fell to 0.0489 at 60 epochs and 0.0432 at 120 (test 0.0549, 0.0481,
    /// 0.0433 eV/cell). Pass fewer <paramref name="epochs"/> where time is short.
    /// </summary>
    public static EosNetTrainerOptions Best(int epochs = 120) => Budget(epochs);

    /// <summary>
    /// Beyond the paper's recipe, same v1 architecture: the budget recipe's batch and warm-up, then a cosine decay of
    /// the learning rate, and an exponential moving average of the weights and BatchNorm statistics (decay 0.99 per
    /// step) that validation and the returned model use. Chosen against <see cref="Budget"/>, cosine alone and decay
    /// 0.999 on validation MAE only (docs/recipes.md). Formerly named V2 (CLI <c>--preset v2</c>, accuracy records
    /// <c>eosnet-v2…</c>, now <c>eosnet-cosavg…</c>); it is a training recipe of the v1 network, not the v2 (e3nn) network.
    /// </summary>
    /// <param name="epochs">The epoch budget.</param>
    public static EosNetTrainerOptions CosineAverage(int epochs)
    {
        var o = Budget(epochs);
        o.Schedule = LearningRateSchedule.Cosine;
        o.EmaDecay = 0.99;
        return o;
    }
}
