namespace EOSnet.Model;

/// <summary>Standardisation of regression targets with the mean and unbiased standard deviation of the training rows.</summary>
public sealed record TargetNormalizer(double Mean, double Std)
{
    /// <summary>The identity (classification).</summary>
    public static TargetNormalizer Identity { get; } = new(0, 1);

    /// <summary>Statistics of the training targets (std = 1 when fewer than two rows or no spread).</summary>
    public static TargetNormalizer Fit(IReadOnlyList<double> targets)
    {
        if (targets.Count == 0) throw new ArgumentException("no training targets");
        double mean = targets.Average();
        double var = targets.Count > 1 ? targets.Sum(t => (t - mean) * (t - mean)) / (targets.Count - 1) : 0;
        double std = Math.Sqrt(var);
        return new TargetNormalizer(mean, std > 1e-12 ? std : 1.0);
    }

    /// <summary>(t − mean) / std.</summary>
    public double Normalize(double t) => (t - Mean) / Std;

    /// <summary>y · std + mean.</summary>
    public double Denormalize(double y) => y * Std + Mean;
}
