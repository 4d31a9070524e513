using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>What a regression network minimises, on the standardised target.</summary>
public enum RegressionLoss
{
    /// <summary>Mean squared error (the reference's loss for regression).</summary>
    SquaredError,
    /// <summary>Mean absolute error: the metric Matbench and the papers report, less pulled by outlying targets.</summary>
    AbsoluteError,
}

/// <summary>The loss tensor of a <see cref="RegressionLoss"/>, shared by the v1 and v2 training loops.</summary>
public static class RegressionLossFunction
{
    /// <summary>The mean loss of <paramref name="output"/> against <paramref name="target"/> (same shape).</summary>
    /// <param name="loss">Which loss.</param>
    /// <param name="output">The network's outputs.</param>
    /// <param name="target">The standardised targets.</param>
    public static Tensor Compute(RegressionLoss loss, Tensor output, Tensor target) => loss switch
    {
        RegressionLoss.SquaredError => nn.functional.mse_loss(output, target),
        RegressionLoss.AbsoluteError => nn.functional.l1_loss(output, target),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "an unknown regression loss"),
    };

    /// <summary>The command-line and record name of <paramref name="loss"/>: <c>mse</c> or <c>l1</c>.</summary>
    /// <param name="loss">Which loss.</param>
    public static string Name(RegressionLoss loss) => loss == RegressionLoss.AbsoluteError ? "l1" : "mse";

    /// <summary>The loss named <paramref name="name"/> (<c>mse</c> or <c>l1</c>, as <see cref="Name"/>).</summary>
    /// <param name="name">mse | l1.</param>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static RegressionLoss Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "mse" => RegressionLoss.SquaredError,
        "l1" or "mae" => RegressionLoss.AbsoluteError,
        _ => throw new ArgumentException($"unknown loss '{name}': mse or l1", nameof(name)),
    };
}
