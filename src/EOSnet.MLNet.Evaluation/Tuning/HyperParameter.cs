using System.Globalization;

namespace EOSnet.MLNet.Evaluation.Tuning;

/// <summary>
/// One hyper-parameter's search range, sampled uniformly, or log-uniformly for scale parameters (learning rates,
/// regularisation, counts that matter by their order of magnitude).
/// </summary>
/// <param name="Name">The ML.NET option it sets (e.g. <c>NumberOfLeaves</c>).</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Log">Sample the logarithm uniformly.</param>
/// <param name="Integer">Round to an integer.</param>
public sealed record HyperParameter(string Name, double Min, double Max, bool Log = false, bool Integer = false)
{
    /// <summary>A value drawn from the range.</summary>
    public double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u = random.NextDouble();
        double v = Log ? Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min))) : Min + u * (Max - Min);
        return Integer ? Math.Round(v) : v;
    }

    /// <summary>The value as the tables print it.</summary>
    public static string Format(double value) =>
        value == Math.Round(value) && Math.Abs(value) < 1e6 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("G3", CultureInfo.InvariantCulture);
}
