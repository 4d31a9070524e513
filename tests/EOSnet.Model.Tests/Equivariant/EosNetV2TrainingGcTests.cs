using EOSnet.Model.Equivariant;
using EOSnet.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests.Equivariant;

/// <summary>
/// v2 training (<see cref="EosNetV2Training"/>) with v1's cosine-average recipe (warm-up, cosine decay, weight average,
/// best validation epoch exported and reloaded) gives the undisturbed run's losses, validation MAEs and predictions while
/// another thread collects without pause: a temporary Scalar or Tensor that the finalizer frees under its own native call
/// would crash or change the run. v1's training path has had this check since the softplus and BatchNorm crashes; v2's
/// had only a forward-pass one (docs/reliability.md, "Native calls under garbage collection").
/// </summary>
[Trait("Category", "GcPressure")]
public class EosNetV2TrainingGcTests
{
    [Theory]
    [InlineData("4x0e+2x1o+2x2e", RegressionLoss.SquaredError)]
    [InlineData("8x0e+4x1o+2x2e", RegressionLoss.SquaredError)]
    [InlineData("8x0e+4x1o+2x2e", RegressionLoss.AbsoluteError)]
    public void Training_with_the_cosine_average_recipe_while_collections_run_nonstop_gives_the_undisturbed_result(string irreps, RegressionLoss loss)
    {
        TorchRuntime.EnsureLoaded();
        int epochs = int.TryParse(Environment.GetEnvironmentVariable("EOSNET_GC_TRAINING_EPOCHS"), out var e) ? e : 20;
        var records = TestFixtures.MaterialsProject();
        var samples = records.Select(r => EquivariantSample.FromCrystal(r.Crystal, cutoff: 4.0)).ToList();
        var targets = records.Select(r => r.Target!.Value).ToList();
        var (train, trainTargets) = (samples.Take(30).ToList(), targets.Take(30).ToList());
        var (validation, validationTargets) = (samples.Skip(30).ToList(), targets.Skip(30).ToList());
        var config = EosNetV2Config.Small with { HiddenIrreps = irreps, RadialCutoff = 4.0 };
        var options = new EosNetV2TrainingOptions
        {
            Epochs = epochs, BatchSize = 4, LearningRate = 3e-3, Seed = 11, Threads = 1, Device = "cpu", GradientClip = 1.0,
            WarmupEpochs = 1, Schedule = LearningRateSchedule.Cosine, EmaDecay = 0.9, PredictionBatchSize = 8, Loss = loss,
        };
        using var undisturbed = EosNetV2Training.Train(train, trainTargets, config, options, null, CancellationToken.None, validation, validationTargets);
        long collections;
        EosNetV2TrainedModel disturbed;
        using (var gc = new NonstopCollections())
        {
            disturbed = EosNetV2Training.Train(train, trainTargets, config, options, null, CancellationToken.None, validation, validationTargets);
            collections = gc.Count;
        }
        (bool Identical, double MaxRelative)[] pairs;
        using (disturbed)
        {
            Assert.Equal(epochs, disturbed.History.Count);
            pairs =
            [
                UndisturbedComparison.Compare("training loss", undisturbed.History.Select(h => h.TrainLoss), disturbed.History.Select(h => h.TrainLoss)),
                UndisturbedComparison.Compare("validation MAE", undisturbed.History.Select(h => h.ValidationMae!.Value), disturbed.History.Select(h => h.ValidationMae!.Value)),
                UndisturbedComparison.Compare("prediction", undisturbed.Predict(samples), disturbed.Predict(samples)),
            ];
        }
        Assert.True(collections > epochs, $"only {collections} collections ran during {epochs} epochs");
        UndisturbedComparison.Report($"[eosnet] GC training, v2 {irreps} cosine-average recipe, {RegressionLossFunction.Name(loss)} loss: {epochs} epochs on {train.Count} structures, {collections} collections during the disturbed run, " +
            (pairs.All(p => p.Identical) ? "identical losses and predictions" : $"losses and predictions equal within float32 rounding, not bit for bit (largest relative difference {pairs.Max(p => p.MaxRelative):G3})"));
    }

    /// <summary>
    /// Training steps with the edges cut into many chunks (<see cref="InteractionBlock.MaxEdgeWeightValues"/>: a few
    /// edges per radial table and per message chunk, as the wide shapes get on real batches) under nonstop collections
    /// give the undisturbed losses.
    /// </summary>
    [Fact]
    public void Training_steps_over_chunked_edges_while_collections_run_nonstop_give_the_undisturbed_losses()
    {
        TorchRuntime.EnsureLoaded();
        int steps = int.TryParse(Environment.GetEnvironmentVariable("EOSNET_GC_TRAINING_EPOCHS"), out var e) ? 10 * e : 60;
        var records = TestFixtures.MaterialsProject();
        var samples = records.Select(r => EquivariantSample.FromCrystal(r.Crystal, cutoff: 4.0)).ToList();
        var targets = records.Select(r => r.Target!.Value).ToArray();
        double[] Run(bool disturbed)
        {
            using EosNetV2 net = ChunkedNetwork();
            var parameters = net.parameters().ToList();
            using var optimizer = new ScalarSafeAdam(parameters, 1e-3);
            var losses = new double[steps];
            using var gc = disturbed ? new NonstopCollections() : null;
            for (int i = 0; i < steps; i++)
            {
                using var scope = NewDisposeScope();
                var rows = Enumerable.Range(0, 4).Select(k => (4 * i + k) % samples.Count).ToArray();
                using var batch = EquivariantBatch.Create(rows.Select(r => samples[r]).ToList(), net.ParameterType);
                var target = tensor(rows.Select(r => targets[r]).ToArray(), new long[] { rows.Length, 1 }, net.ParameterType);
                var loss = nn.functional.mse_loss(net.forward(batch), target);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                losses[i] = loss.to_type(ScalarType.Float64).item<double>();
            }
            if (gc is not null) Assert.True(gc.Count > 10, $"only {gc.Count} collections during {steps} steps");
            return losses;
        }
        var undisturbed = Run(false);
        var (identical, worst) = UndisturbedComparison.Compare("loss", undisturbed, Run(true));
        UndisturbedComparison.Report($"[eosnet] GC training, v2 over chunked edges: {steps} steps, " +
            (identical ? "identical losses" : $"losses equal within float32 rounding, not bit for bit (largest relative difference {worst:G3})"));
    }

    private static EosNetV2 ChunkedNetwork()
    {
        EosNetV2 net;
        lock (EosNetTraining.SeedGate)
        {
            manual_seed(5);
            net = new EosNetV2(EosNetV2Config.Small with { HiddenIrreps = "8x0e+4x1o+2x2e", RadialCutoff = 4.0 });
        }
        foreach (var block in net.Blocks) block.MaxEdgeWeightValues = 25L * block.TensorProduct.WeightCount; // 25 edges per chunk
        return net;
    }
}
