using System.Globalization;
using EOSnet.Featurization;
using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// The graph settings a <c>BuildCrystalGraph</c> column was made with, carried as a text annotation
/// ("padding=…;radius=…;neighbors=…") on its neighbour-index column, so the trainer takes its neighbour slots from it
/// and a fine-tuning trainer can check them against its initial model. A feature cache read from disk has none.
/// </summary>
internal static class GraphAnnotation
{
    public const string Name = "EosNetGraph";

    public static DataViewSchema.Annotations Create(CrystalGraphOptions options) => TextAnnotation.Create(Name, new[]
    {
        ("padding", options.Padding.ToString()),
        ("radius", options.Radius.ToString("R", CultureInfo.InvariantCulture)),
        ("neighbors", options.MaxNeighbors.ToString(CultureInfo.InvariantCulture)),
    });

    /// <summary>The settings recorded on a column, or null when it carries none.</summary>
    public static (NeighborPadding Padding, double Radius, int MaxNeighbors)? Read(DataViewSchema.Column column)
    {
        if (TextAnnotation.Read(column, Name) is not { } fields
            || !fields.TryGetValue("padding", out var p) || !Enum.TryParse<NeighborPadding>(p, out var padding)
            || !fields.TryGetValue("radius", out var r) || !double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var radius)
            || !fields.TryGetValue("neighbors", out var n) || !int.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var neighbors))
            return null;
        return (padding, radius, neighbors);
    }
}
