using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>
/// An orthonormal basis V (E × r) of the Gaussian edge expansions e(d), so that e(d) = V·Vᵀ·e(d) to within
/// <see cref="Tolerance"/> for every distance d ≥ 0.
/// </summary>
/// <remarks>
/// The expansions of all distances span far fewer than E dimensions: the Gaussians (width 1 Å) overlap ten centres
/// apart, so the singular values of the expansions of a dense set of distances fall below 10⁻⁹ of the largest after about
/// 30 of the 76. A convolution's edge product W_edge·e then equals (W_edge·V)·(Vᵀ·e): the r coefficients Vᵀ·e are
/// made once per batch and shared by every layer, and each layer's per-slot product has r instead of E inputs (about
/// 2.5× fewer multiply-adds, forward and weight gradient). The weights stay E wide, so the state dictionary is the
/// reference's, and the gradient of W_edge is the same product through Vᵀ. The difference from the full product is
/// below float32 rounding: the largest reconstruction error over the samples is at most <see cref="Tolerance"/>
/// where the expansion's values are at most 1.
/// </remarks>
public sealed class EdgeBasis : IDisposable
{
    /// <summary>Largest absolute error of V·Vᵀ·e(d) − e(d) allowed over the sampled distances.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Sample spacing of the distances the basis is made from (Å).</summary>
    public const double SampleStep = 0.005;

    private readonly Tensor _basis; // E × r, float32, CPU; owned
    private Tensor? _onDevice;      // a copy on the device last asked for; owned

    private EdgeBasis(Tensor basis, double maxError)
    {
        _basis = basis;
        MaxError = maxError;
    }

    /// <summary>r, the number of coefficients per edge.</summary>
    public int Rank => (int)_basis.shape[1];

    /// <summary>E, the number of Gaussian centres.</summary>
    public int Length => (int)_basis.shape[0];

    /// <summary>The largest reconstruction error seen over the samples (≤ <see cref="Tolerance"/>).</summary>
    public double MaxError { get; }

    /// <summary>
    /// The basis of <paramref name="expand"/> (distances → float64 expansions, K → K × E) over distances 0 … <paramref name="maxDistance"/>,
    /// or null when it would save too little (rank above three quarters of E).
    /// </summary>
    public static EdgeBasis? Create(Func<Tensor, Tensor> expand, double maxDistance)
    {
        using var scope = NewDisposeScope();
        int count = (int)Math.Ceiling(maxDistance / SampleStep) + 1;
        var distances = tensor(Enumerable.Range(0, count).Select(i => i * SampleStep).ToArray(), new long[] { count }, float64);
        var samples = expand(distances);                                             // K × E
        var (_, singular, vh) = linalg.svd(samples, fullMatrices: false);
        int length = (int)samples.shape[1];
        for (int rank = 1; rank <= length * 3 / 4; rank++)
        {
            var v = vh.narrow(0, 0, rank).t();                                       // E × r
            double error = samples.mm(v).mm(v.t()).sub(samples).abs().max().item<double>();
            if (error <= Tolerance)
                return new EdgeBasis(v.to(float32).contiguous().DetachFromDisposeScope(), error);
        }
        return null;
    }

    /// <summary>The basis on <paramref name="device"/> (E × r, float32); owned by this object.</summary>
    public Tensor On(Device device)
    {
        if (device.type == DeviceType.CPU) return _basis;
        if (_onDevice is null || _onDevice.device != device)
        {
            _onDevice?.Dispose();
            using var scope = NewDisposeScope();
            _onDevice = _basis.to(device).DetachFromDisposeScope();
        }
        return _onDevice;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _basis.Dispose();
        _onDevice?.Dispose();
    }
}
