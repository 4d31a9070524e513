namespace EOSnet.TestSupport;

/// <summary>
/// Compares a run made under nonstop collections with the same run undisturbed. The disturbed run must be the
/// undisturbed run: bit for bit in almost every run, and never further apart than float32 rounding (relative 1e-5).
/// One v1 soak run in 187 differed at the 7th significant digit from epoch 0 (docs/reliability.md, "Soak results"),
/// which no freed Scalar explains: a number read from freed memory changes a learning rate, a factor or a count by far
/// more than that, or crashes.
/// </summary>
public static class UndisturbedComparison
{
    /// <summary>Largest relative difference allowed (float32 rounding).</summary>
    public const double Tolerance = 1e-5;

    /// <summary>
    /// Asserts that every value of <paramref name="actual"/> is finite and within <see cref="Tolerance"/> of
    /// <paramref name="expected"/> (relative, with a floor of 1e-3 on the scale); returns whether all were bit-identical
    /// and the largest relative difference.
    /// </summary>
    public static (bool Identical, double MaxRelative) Compare(string what, IEnumerable<double> expected, IEnumerable<double> actual)
    {
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        bool identical = true;
        double worst = 0;
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(double.IsFinite(a[i]), $"{what} {i}: {a[i]}");
            identical &= BitConverter.DoubleToInt64Bits(e[i]) == BitConverter.DoubleToInt64Bits(a[i]);
            double relative = Math.Abs(a[i] - e[i]) / Math.Max(Math.Abs(e[i]), 1e-3);
            worst = Math.Max(worst, relative);
            Assert.True(relative <= Tolerance, $"{what} {i}: disturbed {a[i]:R} vs undisturbed {e[i]:R} (relative difference {relative:G3})");
        }
        return (identical, worst);
    }

    /// <summary>The line a GC training test prints, appended to <c>EOSNET_GC_REPORT</c> when set (scripts/soak-gc.sh counts bit-identical runs from it).</summary>
    public static void Report(string line)
    {
        Console.WriteLine(line);
        if (Environment.GetEnvironmentVariable("EOSNET_GC_REPORT") is { Length: > 0 } report) File.AppendAllText(report, line + Environment.NewLine);
    }
}
