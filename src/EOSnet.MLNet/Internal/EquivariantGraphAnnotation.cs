using System.Globalization;
using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// The cutoff a <c>BuildEquivariantGraph</c> edge list was made with, carried as a text annotation ("cutoff=…") on its
/// edge-source column, so the v2 trainer checks it against the network's radial cutoff and a v2 model against its
/// input. A feature cache read from disk has none.
/// </summary>
internal static class EquivariantGraphAnnotation
{
    public const string Name = "EosNetEquivariantGraph";

    public static DataViewSchema.Annotations Create(double cutoff) =>
        TextAnnotation.Create(Name, new[] { ("cutoff", cutoff.ToString("R", CultureInfo.InvariantCulture)) });

    /// <summary>The cutoff recorded on a column, or null when it carries none.</summary>
    public static double? ReadCutoff(DataViewSchema.Column column) =>
        TextAnnotation.Read(column, Name) is { } fields && fields.TryGetValue("cutoff", out var c)
        && double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var cutoff) ? cutoff : null;
}
