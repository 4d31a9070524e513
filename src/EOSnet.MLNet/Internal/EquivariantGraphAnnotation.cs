using System.Globalization;
using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// The cutoff a <c>BuildEquivariantGraph</c> edge list was made with, carried as a text annotation ("cutoff=…") on its
/// edge-source column, so the v2 trainer checks it against the network's radial cutoff and a v2 model against its
/// input. Rows read from a feature cache with edges (<c>LoadFromCrystalGraphs</c>) carry it too.
/// </summary>
internal static class EquivariantGraphAnnotation
{
    public const string Name = "EosNetEquivariantGraph";

    public static DataViewSchema.Annotations Create(double cutoff) => TextAnnotation.Create(Name, Fields(cutoff));

    /// <summary>The annotation's text for <paramref name="cutoff"/> (for schema definitions of rows read from a feature cache).</summary>
    public static string Text(double cutoff) => TextAnnotation.Format(Fields(cutoff));

    private static (string Key, string Value)[] Fields(double cutoff) => [("cutoff", cutoff.ToString("R", CultureInfo.InvariantCulture))];

    /// <summary>The cutoff recorded on a column, or null when it carries none.</summary>
    public static double? ReadCutoff(DataViewSchema.Column column) =>
        TextAnnotation.Read(column, Name) is { } fields && fields.TryGetValue("cutoff", out var c)
        && double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var cutoff) ? cutoff : null;
}
