using EOSnet.Featurization;
using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// The fingerprint values per atom and neighbour slots the trainer reads: an explicit option, else what the
/// featurizers recorded on the input columns (<see cref="FingerprintAnnotation"/>, <see cref="GraphAnnotation"/>),
/// else the domain defaults (a feature cache read from disk carries no annotation).
/// </summary>
internal readonly record struct GraphShape(int FingerprintLength, int MaxNeighbors)
{
    /// <summary>The defaults, or the explicit values where given (no input to read them from).</summary>
    public static GraphShape FromOptions(int? fingerprintLength, int? maxNeighbors) =>
        new(fingerprintLength ?? GomOptions.DefaultFingerprintLength, maxNeighbors ?? GraphOptions.DefaultMaxNeighbors);

    /// <summary>
    /// Resolves both settings for the input <paramref name="schema"/> (<paramref name="what"/> names it in errors); an
    /// explicit value that contradicts an annotation is an <see cref="ArgumentException"/>. An explicit fingerprint
    /// length of 0 (element one-hot only) ignores the fingerprint column and so is never a contradiction.
    /// </summary>
    public static GraphShape Resolve(int? fingerprintLength, int? maxNeighbors, DataViewSchema schema, string fingerprintsColumn, string indicesColumn, string what)
    {
        int? annotatedLength = schema.GetColumnOrNull(fingerprintsColumn) is { } f ? FingerprintAnnotation.ReadLength(f) : null;
        int? annotatedSlots = schema.GetColumnOrNull(indicesColumn) is { } n ? GraphAnnotation.Read(n)?.MaxNeighbors : null;
        var defaults = FromOptions(null, null);
        return new(
            Pick(nameof(EosNetTrainerOptions.FingerprintLength), fingerprintLength, fingerprintLength == 0 ? null : annotatedLength,
                defaults.FingerprintLength, $"the {what}'s column '{fingerprintsColumn}' was made by ComputeGomFingerprints with {{0}} values per atom"),
            Pick(nameof(EosNetTrainerOptions.MaxNeighbors), maxNeighbors, annotatedSlots,
                defaults.MaxNeighbors, $"the {what}'s column '{indicesColumn}' was made by BuildCrystalGraph with {{0}} neighbour slots per atom"));
    }

    private static int Pick(string option, int? given, int? annotated, int fallback, string source)
    {
        if (given is int v && annotated is int a && v != a)
            throw new ArgumentException($"EosNetTrainerOptions.{option} is {v}, but {string.Format(System.Globalization.CultureInfo.InvariantCulture, source, a)}; " +
                $"leave {option} unset (null) to take it from the input columns, or featurize with {v}");
        return given ?? annotated ?? fallback;
    }
}
