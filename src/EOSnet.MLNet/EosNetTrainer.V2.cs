using EOSnet.Model;
using EOSnet.Model.Equivariant;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>The v2 (e3nn) path of <see cref="EosNetTrainer"/>: <see cref="EosNetTrainerOptions.Network"/> = <see cref="NetworkKind.V2"/>.</summary>
public sealed partial class EosNetTrainer
{
    /// <summary>Throws when the options ask the v2 network for something it cannot do.</summary>
    private static void CheckV2Options(EosNetTrainerOptions options, ModelTask task)
    {
        if (task != ModelTask.Regression)
            throw new ArgumentException("the v2 (e3nn) network is regression-only, as the reference's; use Network = NetworkKind.V1 for binary classification", nameof(options));
        var v1Only = options.V1OnlySettingsChanged();
        if (v1Only.Count > 0)
            throw new ArgumentException($"Network = V2 trains without weight decay, checkpoints or frozen layers, with its own shape (V2Config); these v1-only settings must keep their defaults: {string.Join(", ", v1Only)}", nameof(options));
        ArgumentNullException.ThrowIfNull(options.V2Config, nameof(options));
        options.V2Config.Validate();
    }

    /// <summary>
    /// Trains the v2 network through <see cref="EosNetV2Training"/>, selecting the best epoch on the validation set or
    /// the held-out fraction, as v1 does (all rows when neither applies); from the weights of <paramref name="initial"/>
    /// when given (fine-tuning: its shape must be this trainer's, the normaliser and optimiser are fresh).
    /// </summary>
    private EosNetPredictionTransformer FitV2(IDataView input, EosNetInitialModel.Resolved? initial)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = _options;
        int fingerprintLength = o.ShapeOf(input.Schema, "training data").FingerprintLength;
        var columns = o.V2Graph(fingerprintLength);
        foreach (var spec in columns.Specs()) spec.Check(input.Schema);
        var config = o.V2ConfigFor(fingerprintLength, columns.CutoffOf(input.Schema), "training data");
        if (initial is not null) CheckInitialV2(initial, config);
        (List<EquivariantSample> Samples, List<double> Labels) Read(IDataView data) => Materialize(data, columns.Specs(),
            new[] { columns.AtomicNumbers, columns.Fingerprints, columns.Sources, columns.Destinations, columns.Vectors }, columns.Reader);
        var (samples, labels) = Read(input);
        if (samples.Count < 2) throw new ArgumentException("EOSnet needs at least 2 training rows");
        int seed = o.Seed ?? _env.Register("EosNet").Rand.Next();
        (List<EquivariantSample> Samples, List<double> Labels)? validation = null;
        if (o.ValidationSet is { } validationSet)
        {
            o.V2ConfigFor(fingerprintLength, columns.CutoffOf(validationSet.Schema), "validation data");
            var read = Read(validationSet);
            if (read.Samples.Count > 0) validation = read; // an empty validation set (a small split) selects nothing, as for v1
        }
        else if (HoldOut(samples.Count, seed) is var (trainRows, valRows))
        {
            validation = (valRows.Select(i => samples[i]).ToList(), valRows.Select(i => labels[i]).ToList());
            (samples, labels) = (trainRows.Select(i => samples[i]).ToList(), trainRows.Select(i => labels[i]).ToList());
        }
        var recipe = o.V2Recipe(seed);
        using var ch = _env.Start(nameof(EosNetTrainer));
        ch.Info(MessageSensitivity.None, FormattableString.Invariant(
            $"EOSnet v2 {Task}: {samples.Count} training and {validation?.Samples.Count ?? 0} validation structures, {recipe.Epochs} epochs, batch {recipe.BatchSize}, seed {seed}, {config.HiddenIrreps} × {config.Interactions} blocks{(initial is null ? "" : ", from an initial model")}"));
        var model = EosNetV2Training.Train(samples, labels, config, recipe,
            r => { ch.Info(MessageSensitivity.None, r.Describe(recipe.Epochs)); o.OnEpochEnd?.Invoke(r); }, o.Cancellation, validation?.Samples, validation?.Labels, initial?.Weights);
        ch.Info(MessageSensitivity.None, $"EOSnet v2 {Task}: trained on {model.Device}");
        var settings = EosNetPredictionTransformer.PredictorSettings.ForV2(o, fingerprintLength, config.RadialCutoff);
        return new EosNetPredictionTransformer(_env, model, settings);
    }

    /// <summary>Throws unless <paramref name="initial"/> is a v2 network of exactly the shape this trainer builds for its data.</summary>
    private static void CheckInitialV2(EosNetInitialModel.Resolved initial, EosNetV2Config config)
    {
        if (initial.V2Config is not { } have)
            throw new ArgumentException($"the initial model ({initial.Description}) is a v1 model: fine-tune it with Network = NetworkKind.V1");
        if (have != config)
            throw new ArgumentException($"the initial model ({initial.Description}) has the v2 shape {have}, this trainer builds {config} for its data; set V2Config to the initial model's shape and featurize as it was");
    }
}
