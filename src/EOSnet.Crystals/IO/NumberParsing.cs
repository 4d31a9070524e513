using System.Globalization;

namespace EOSnet.Crystals.IO;

/// <summary>Invariant-culture number parsing shared by the readers.</summary>
internal static class NumberParsing
{
    public static bool TryDouble(ReadOnlySpan<char> s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool TryInt(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>A finite double, or a <see cref="FormatException"/> quoting the text.</summary>
    public static double Double(ReadOnlySpan<char> s, string what) =>
        TryDouble(s, out var v) ? v : throw new FormatException($"{what}: '{s.ToString()}' is not a finite number");
}
