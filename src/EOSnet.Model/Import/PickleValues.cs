namespace EOSnet.Model.Import;

/// <summary>A tensor reference found in a PyTorch pickle: storage key, element type, shape, strides and offset.</summary>
public sealed record PickledTensor(string StorageKey, string StorageType, long[] Shape, long[] Stride, long Offset)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>A storage reference (the persistent id of a PyTorch pickle).</summary>
internal sealed record PickledStorage(string Key, string StorageType);

/// <summary>One of the few global names the safe unpickler understands.</summary>
internal sealed record PickledGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>A numpy dtype description (only the type code matters).</summary>
internal sealed record NumpyDType(string Code);

/// <summary>An ordered dictionary (insertion order kept, like Python's dict).</summary>
public sealed class PickledDict : List<KeyValuePair<object, object?>>
{
    /// <summary>Sets or replaces a key.</summary>
    public void Set(object key, object? value)
    {
        int i = FindIndex(kv => Equals(kv.Key, key));
        if (i >= 0) this[i] = new(key, value);
        else Add(new(key, value));
    }

    /// <summary>The value of a string key, or null.</summary>
    public object? Get(string key) => this.FirstOrDefault(kv => Equals(kv.Key, key)).Value;

    /// <summary>True when the key is present.</summary>
    public bool Has(string key) => this.Any(kv => Equals(kv.Key, key));
}
