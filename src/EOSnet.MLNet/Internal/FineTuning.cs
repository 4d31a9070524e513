using EOSnet.Model;
using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>The checks of a fine-tuning run: the initial model's shape and graph era against the trainer and its data.</summary>
internal static class FineTuning
{
    /// <summary>
    /// The initial model's architecture when it has the trainer's task and shape (its edge normalisation, part of its
    /// era, is kept whatever the options say); otherwise an <see cref="ArgumentException"/> naming each difference.
    /// </summary>
    public static EosNetArchitecture CheckArchitecture(EosNetInitialModel.Resolved initial, EosNetArchitecture trainer)
    {
        var have = initial.Architecture
            ?? throw new ArgumentException($"the initial model ({initial.Description}) is a v2 (e3nn) model: fine-tune it with Network = NetworkKind.V2");
        var diffs = new List<string>();
        void Compare<T>(string name, T model, T options)
        {
            if (!EqualityComparer<T>.Default.Equals(model, options)) diffs.Add($"{name} {model} in the initial model, {options} in this trainer");
        }
        Compare("task", have.Task, trainer.Task);
        Compare("FingerprintLength", have.FingerprintLength, trainer.FingerprintLength);
        Compare("AtomEmbedding", have.AtomEmbedding, trainer.AtomEmbedding);
        Compare("ConvLayers", have.ConvLayers, trainer.ConvLayers);
        Compare("HiddenLength", have.HiddenLength, trainer.HiddenLength);
        Compare("HiddenLayers", have.HiddenLayers, trainer.HiddenLayers);
        Compare("MaxNeighbors", have.MaxNeighbors, trainer.MaxNeighbors);
        Compare("GaussianMax (radius)", have.GaussianMax, trainer.GaussianMax);
        if (diffs.Count > 0)
            throw new ArgumentException($"the initial model ({initial.Description}) does not match this trainer: {string.Join("; ", diffs)}");
        return have;
    }

    /// <summary>Throws when the data's graph (as recorded by BuildCrystalGraph) was built differently from the initial model's.</summary>
    public static void CheckGraph(EosNetInitialModel.Resolved initial, DataViewSchema schema, string indicesColumn, string what)
    {
        if (initial.Graph is not { } expected || schema.GetColumnOrNull(indicesColumn) is not { } column || GraphAnnotation.Read(column) is not { } actual) return;
        var diffs = new List<string>();
        if (actual.Padding != expected.Padding) diffs.Add($"Padding {actual.Padding} (the initial model needs {expected.Padding})");
        if (expected.Radius is double r && actual.Radius != r) diffs.Add($"Radius {actual.Radius} Å (needs {r} Å)");
        if (expected.MaxNeighbors is int m && actual.MaxNeighbors != m) diffs.Add($"MaxNeighbors {actual.MaxNeighbors} (needs {m})");
        if (diffs.Count > 0)
            throw new InvalidOperationException($"the {what}'s crystal graph was built with {string.Join(", ", diffs)}: {expected.Source} was trained on other graphs and would give wrong numbers; build the graph with the initial model's settings (its era) for the new data");
    }
}
