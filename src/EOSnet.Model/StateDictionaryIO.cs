using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>Copies weights between a network and plain float arrays keyed by PyTorch state-dict names.</summary>
public static class StateDictionaryIO
{
    /// <summary>
    /// Loads every parameter and buffer of <paramref name="module"/> from <paramref name="values"/> (row-major, same
    /// shapes). Missing or mis-sized entries throw <see cref="InvalidDataException"/> naming the tensor.
    /// </summary>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, float[]> values)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope(); // keeps the conversion chain's temporaries reachable (see Export)
        foreach (var (name, tensor) in module.state_dict())
        {
            if (!values.TryGetValue(name, out var data))
                throw new InvalidDataException($"weights lack '{name}'");
            if (data.Length != tensor.numel())
                throw new InvalidDataException($"'{name}' has {data.Length} values, the network needs {tensor.numel()} ({string.Join("×", tensor.shape)})");
            using var source = torch.tensor(data, tensor.shape).to(tensor.dtype).to(tensor.device);
            tensor.copy_(source);
        }
    }

    /// <summary>Every parameter and buffer as float arrays (integer buffers converted).</summary>
    public static Dictionary<string, float[]> Export(nn.Module module)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        // Runs between training batches, outside their scopes: without this scope, detach()'s and to()'s temporaries are
        // left to the finalizer, which freed one under the next call in the chain (segfault in at::native::to during a
        // soak under nonstop collections).
        using var scope = NewDisposeScope();
        foreach (var (name, tensor) in module.state_dict())
        {
            using var cpu = tensor.detach().to(float32).cpu().contiguous();
            result[name] = cpu.data<float>().ToArray();
        }
        return result;
    }
}
