using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>
/// <c>nn.BatchNorm1d</c> (affine, tracking running statistics, momentum 0.1) with the arithmetic of TorchSharp's
/// <see cref="TorchSharp.Modules.BatchNorm1d"/> — the same <c>batch_norm</c> call with the same arguments — and the same
/// state-dict entries (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>),
/// but the batch counter is advanced with an owned <see cref="Scalar"/>. TorchSharp's module does
/// <c>num_batches_tracked.add_(1)</c>, which makes two temporary integer Scalars (the 1 and a hidden alpha) that only a
/// finalizer frees; one freed under its own native call crashed training with "Expected false to be true … toLong"
/// (see <see cref="TorchOps"/>).
/// </summary>
public sealed class ScalarSafeBatchNorm1d : nn.Module<Tensor, Tensor>
{
    private static readonly Scalar OneBatch = 1L; // the increment and add_'s alpha; lives as long as the process
    private const double Momentum = 0.1;

#pragma warning disable IDE1006 // names are PyTorch state-dict keys
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor num_batches_tracked;
#pragma warning restore IDE1006

    /// <summary>Batch normalisation over <paramref name="features"/> channels of N × C (or N × C × L) input.</summary>
    public ScalarSafeBatchNorm1d(long features, double eps = 1e-5) : base("BatchNorm1d")
    {
        Features = features;
        Epsilon = eps;
        weight = nn.Parameter(ones(features));
        bias = nn.Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        num_batches_tracked = tensor(0L);
        RegisterComponents();
    }

    /// <summary>Number of channels.</summary>
    public long Features { get; }

    /// <summary>The ε added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>Batches seen in training mode (the <c>num_batches_tracked</c> buffer).</summary>
    public long BatchesTracked => num_batches_tracked.item<long>();

    /// <summary>Normalises with batch statistics in training mode (updating the running ones), with running ones otherwise.</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() is not (2 or 3)) throw new ArgumentException($"expected 2D or 3D input (got {input.dim()}D input)");
        if (training) num_batches_tracked.add_(OneBatch, OneBatch);
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Epsilon);
    }
}
