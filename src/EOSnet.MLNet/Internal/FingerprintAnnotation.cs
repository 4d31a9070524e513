using System.Globalization;
using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// The GOM settings a <c>ComputeGomFingerprints</c> column was made with, carried as a text annotation
/// ("orbitals=…;cutoff=…;length=…") on the fingerprint column, so the trainer takes the fingerprint length from its
/// input instead of repeating it. A feature cache read from disk has none.
/// </summary>
internal static class FingerprintAnnotation
{
    public const string Name = "EosNetGom";

    public static DataViewSchema.Annotations Create(GomFingerprintOptions options) => TextAnnotation.Create(Name, new[]
    {
        ("orbitals", options.Orbitals.ToString()),
        ("cutoff", options.Cutoff.ToString("R", CultureInfo.InvariantCulture)),
        ("length", options.FingerprintLength.ToString(CultureInfo.InvariantCulture)),
    });

    /// <summary>The fingerprint values per atom recorded on a column, or null when it carries none.</summary>
    public static int? ReadLength(DataViewSchema.Column column) =>
        TextAnnotation.Read(column, Name) is { } fields && fields.TryGetValue("length", out var l)
        && int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) ? length : null;
}
