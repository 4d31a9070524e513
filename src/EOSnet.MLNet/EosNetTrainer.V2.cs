using EOSnet.Model;
using EOSnet.Model.Equivariant;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>The v2 (e3nn) path of <see cref="EosNetTrainer"/>: <see cref="EosNetTrainerOptions.Network"/> = <see cref="NetworkKind.V2"/>.</summary>
public sealed partial class EosNetTrainer
{
    private const string V2FineTuningUnsupported = "fine-tuning a v2 (e3nn) model is not supported yet; train v2 from scratch (InitialModel = null)";

    /// <summary>Throws when the options ask the v2 network for something it cannot do.</summary>
    private static void CheckV2Options(EosNetTrainerOptions options, ModelTask task)
    {
        if (task != ModelTask.Regression)
            throw new ArgumentException("the v2 (e3nn) network is regression-only, as the reference's; use Network = NetworkKind.V1 for binary classification", nameof(options));
        if (options.InitialModel is not null) throw new NotSupportedException(V2FineTuningUnsupported);
        var v1Only = options.V1OnlySettingsChanged();
        if (v1Only.Count > 0)
            throw new ArgumentException($"Network = V2 trains with a constant learning rate and without validation, checkpoints or fine-tuning; these v1-only settings must keep their defaults: {string.Join(", ", v1Only)}", nameof(options));
        ArgumentNullException.ThrowIfNull(options.V2Config, nameof(options));
        options.V2Config.Validate();
    }

    /// <summary>Trains the v2 network on all rows (no validation split) through <see cref="EosNetV2Training"/>.</summary>
    private EosNetPredictionTransformer FitV2(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = _options;
        int fingerprintLength = o.ShapeOf(input.Schema, "training data").FingerprintLength;
        var columns = o.V2Graph(fingerprintLength);
        foreach (var spec in columns.Specs()) spec.Check(input.Schema);
        var config = o.V2ConfigFor(fingerprintLength, columns.CutoffOf(input.Schema), "training data");
        var (samples, labels) = Materialize(input, columns.Specs(),
            new[] { columns.AtomicNumbers, columns.Fingerprints, columns.Sources, columns.Destinations, columns.Vectors }, columns.Reader);
        if (samples.Count < 2) throw new ArgumentException("EOSnet needs at least 2 training rows");
        int seed = o.Seed ?? _env.Register("EosNet").Rand.Next();
        var recipe = o.V2Recipe(seed);
        using var ch = _env.Start(nameof(EosNetTrainer));
        ch.Info(MessageSensitivity.None, FormattableString.Invariant(
            $"EOSnet v2 {Task}: {samples.Count} training structures (no validation), {recipe.Epochs} epochs, batch {recipe.BatchSize}, seed {seed}, {config.HiddenIrreps} × {config.Interactions} blocks"));
        var model = EosNetV2Training.Train(samples, labels, config, recipe,
            r => { ch.Info(MessageSensitivity.None, r.Describe(recipe.Epochs)); o.OnEpochEnd?.Invoke(r); }, o.Cancellation);
        ch.Info(MessageSensitivity.None, $"EOSnet v2 {Task}: trained on {model.Device}");
        var settings = EosNetPredictionTransformer.PredictorSettings.ForV2(o, fingerprintLength, config.RadialCutoff);
        return new EosNetPredictionTransformer(_env, model, settings);
    }
}
