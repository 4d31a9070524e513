using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>
/// Exponential moving average of a network's weights: shadow ← d·shadow + (1 − d)·live after every optimiser step
/// (Polyak averaging, as timm's model EMA does it), over the trainable parameters and the floating-point buffers
/// (BatchNorm's running mean and variance; not the integer batch counter). Averaging the running statistics with the
/// weights matters: averaged weights with the live statistics normalise with the wrong moments (measured on
/// perovskites: validation MAE 0.0635 against 0.0542 without averaging). Every number handed to libtorch is an owned
/// <see cref="Scalar"/> (see <see cref="TorchOps"/>).
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private readonly (Tensor Live, Tensor Shadow)[] _pairs;
    private readonly Scalar _decay, _rest;
    private Tensor[]? _parked;

    /// <summary>Starts the average at the network's current weights.</summary>
    public WeightAverage(nn.Module network, double decay)
    {
        if (decay is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(decay), decay, "must be in (0, 1)");
        Decay = decay;
        _decay = decay.ToScalar();
        _rest = (1 - decay).ToScalar();
        using var _ = no_grad();
        var live = network.parameters().Select(p => (Tensor)p).Concat(network.buffers().Where(b => b.is_floating_point())).ToArray();
        _pairs = new (Tensor, Tensor)[live.Length];
        using var scope = NewDisposeScope(); // copies are made in a scope and taken out of it: no temporary is left to a finalizer
        for (int i = 0; i < live.Length; i++) _pairs[i] = (live[i], live[i].clone().DetachFromDisposeScope());
    }

    /// <summary>The decay d.</summary>
    public double Decay { get; }

    /// <summary>Folds the current weights into the average (call after each optimiser step).</summary>
    public void Update()
    {
        using var _ = no_grad();
        foreach (var (live, shadow) in _pairs) shadow.mul_(_decay).add_(live, _rest);
    }

    /// <summary>Puts the averaged weights into the network (the live ones are kept aside until <see cref="Restore"/>).</summary>
    public void Apply()
    {
        if (_parked is not null) throw new InvalidOperationException("the averaged weights are already applied");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var parked = new Tensor[_pairs.Length];
        for (int i = 0; i < _pairs.Length; i++) parked[i] = _pairs[i].Live.clone().DetachFromDisposeScope();
        _parked = parked;
        foreach (var (live, shadow) in _pairs) live.copy_(shadow);
    }

    /// <summary>Puts the live (trained) weights back after <see cref="Apply"/>.</summary>
    public void Restore()
    {
        if (_parked is null) throw new InvalidOperationException("the averaged weights are not applied");
        using var _ = no_grad();
        for (int i = 0; i < _pairs.Length; i++) _pairs[i].Live.copy_(_parked[i]);
        foreach (var t in _parked) t.Dispose();
        _parked = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, shadow) in _pairs) shadow.Dispose();
        if (_parked is not null) foreach (var t in _parked) t.Dispose();
        _decay.Dispose();
        _rest.Dispose();
    }
}
