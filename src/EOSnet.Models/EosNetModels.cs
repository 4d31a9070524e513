using System.Reflection;
using EOSnet.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Models;

/// <summary>
/// The EOSnet authors' 17 published models (Rutgers-ZRG/EosNet, MIT licence) as complete ML.NET models, loaded from
/// checkpoints embedded in this assembly: <c>EosNetModels.Load(ml, "mp2024-eform")</c>. Offline.
/// </summary>
public static class EosNetModels
{
    private const string ResourcePrefix = "EOSnet.Models.Checkpoints.";
    private const string ResourceSuffix = ".model_best.pth.tar";
    private static readonly Assembly Here = typeof(EosNetModels).Assembly;

    /// <summary>Every published model, in the authors' alphabetical order, with <see cref="EosNetModelEntry.IsShipped"/>.</summary>
    public static IReadOnlyList<EosNetModelEntry> All { get; } = PublishedEosNetCheckpoints.All
        .Select(info => new EosNetModelEntry(ZooName(info.Name), info, Here.GetManifestResourceInfo(ResourceName(info.Name)) is not null))
        .ToList();

    /// <summary>The licence notice of the published models (LICENSE-EosNet.md), or null when this build carries none.</summary>
    public static string? LicenceNotice
    {
        get
        {
            using var stream = Here.GetManifestResourceStream("EOSnet.Models.LICENSE-EosNet.md");
            if (stream is null) return null;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>The entry named <paramref name="name"/> (zoo name or the authors' name, any case), or null.</summary>
    /// <param name="name">e.g. <c>mp2024-eform</c> or <c>MP2024_Eform</c>.</param>
    public static EosNetModelEntry? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e.Info.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Loads a published model: GOM fingerprints → crystal graph (the model's era) → EOSnet predictor. Its
    /// <see cref="EosNetModelParameters.Info"/> (on <c>LastTransformer.Model</c>) says what it predicts.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="name">Zoo name (see <see cref="EosNetModelNames"/> and <see cref="All"/>) or the authors' name.</param>
    /// <param name="options">Device, batch size, threads; the era is the model's own and must stay unset.</param>
    /// <exception cref="ArgumentException">No model has that name (the message lists the names).</exception>
    /// <exception cref="InvalidOperationException">This build of the package carries no checkpoints.</exception>
    public static TransformerChain<EosNetPredictionTransformer> Load(MLContext mlContext, string name, EosNetCheckpointImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var entry = Find(name) ?? throw new ArgumentException(
            $"no published EOSnet model is named '{name}'; the names are: {string.Join(", ", All.Select(e => e.Name))}", nameof(name));
        using var stream = Here.GetManifestResourceStream(ResourceName(entry.Info.Name)) ?? throw new InvalidOperationException(
            $"this build of EOSnet.Models carries no checkpoint for {entry.Name}: ../shared/models was absent when it was built");
        return mlContext.Model.ImportEosNetCheckpoint(stream, $"EOSnet.Models:{entry.Name}", options);
    }

    private static string ZooName(string authorsName) => authorsName.ToLowerInvariant().Replace('_', '-');

    private static string ResourceName(string authorsName) => ResourcePrefix + authorsName + ResourceSuffix;
}
