using System.Globalization;
using EOSnet.Featurization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// The graph settings a <c>BuildCrystalGraph</c> column was made with, carried as a text annotation
/// ("padding=…;radius=…;neighbors=…") on its neighbour-index column, so a fine-tuning trainer can check them
/// against its initial model. Caching keeps annotations; a feature cache read from disk has none (nothing to check).
/// </summary>
internal static class GraphAnnotation
{
    public const string Name = "EosNetGraph";

    public static DataViewSchema.Annotations Create(CrystalGraphOptions options)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"padding={options.Padding};radius={options.Radius:R};neighbors={options.MaxNeighbors}").AsMemory();
        var b = new DataViewSchema.Annotations.Builder();
        b.Add(Name, TextDataViewType.Instance, (ref ReadOnlyMemory<char> value) => value = text);
        return b.ToAnnotations();
    }

    /// <summary>The settings recorded on a column, or null when it carries none.</summary>
    public static (NeighborPadding Padding, double Radius, int MaxNeighbors)? Read(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull(Name) is not { } col) return null;
        ReadOnlyMemory<char> value = default;
        column.Annotations.GetValue(Name, ref value);
        var fields = value.ToString().Split(';').Select(f => f.Split('=')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("padding", out var p) || !Enum.TryParse<NeighborPadding>(p, out var padding)
            || !fields.TryGetValue("radius", out var r) || !double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var radius)
            || !fields.TryGetValue("neighbors", out var n) || !int.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var neighbors))
            return null;
        _ = col;
        return (padding, radius, neighbors);
    }
}
