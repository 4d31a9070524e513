using System.Diagnostics;

namespace EOSnet.Cli.Bench;

/// <summary>Small timing and memory helpers for the benchmark commands.</summary>
public static class Measure
{
    /// <summary>Best (minimum) wall time in seconds over <paramref name="repeats"/> runs, after one warm-up run.</summary>
    public static double BestSeconds(Action action, int repeats = 3)
    {
        action();
        double best = double.PositiveInfinity;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>Peak resident set size of this process in MB (Linux VmHWM), or the current working set elsewhere.</summary>
    public static double PeakMegabytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { }
        return Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    }

    /// <summary>Resets the peak RSS counter (Linux: writes 5 to /proc/self/clear_refs); false when unsupported.</summary>
    public static bool ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }
}
