using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// Computes all output values of one input row (one array entry per output column). Created once per cursor, so it
/// may keep buffers and open getters on the input row.
/// </summary>
internal abstract class RowFunction : IDisposable
{
    /// <summary>Computes the outputs of the input row's current position.</summary>
    public abstract object[] Compute();

    /// <inheritdoc />
    public virtual void Dispose() { }
}

/// <summary>Caches one <see cref="RowFunction"/> result per input position, so several output getters share one computation.</summary>
internal sealed class RowValueCache
{
    private readonly DataViewRow _input;
    private readonly Lazy<RowFunction> _function;
    private long _position = -1;
    private object[]? _values;

    public RowValueCache(DataViewRow input, Lazy<RowFunction> function)
    {
        _input = input;
        _function = function;
    }

    public object Get(int output)
    {
        if (_values is null || _position != _input.Position)
        {
            _values = _function.Value.Compute();
            _position = _input.Position;
        }
        return _values[output];
    }
}
