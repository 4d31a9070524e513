using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Internal;

/// <summary>An output column of a mapping transformer; knows its type and how to build a getter from a computed value.</summary>
internal abstract class OutputColumnSpec
{
    protected OutputColumnSpec(string name) => Name = name;

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>The column type in the output schema.</summary>
    public abstract DataViewType Type { get; }

    /// <summary>The matching schema-shape column (for GetOutputSchema of estimators).</summary>
    public abstract SchemaShape.Column Shape { get; }

    /// <summary>A getter that reads the value the row computer produced for this column.</summary>
    public abstract Delegate CreateGetter(Func<object> value);

    /// <summary>Optional annotations (e.g. score kinds for evaluators).</summary>
    public DataViewSchema.Annotations? Annotations { get; init; }
}

/// <summary>A vector column; the computed value is a <c>TItem[]</c>.</summary>
internal sealed class VectorOutput<TItem> : OutputColumnSpec
{
    private readonly int _size;

    public VectorOutput(string name, PrimitiveDataViewType itemType, int size = 0) : base(name)
    {
        _size = size;
        Type = new VectorDataViewType(itemType, size);
        Shape = SchemaShapeColumns.Create(name, size > 0 ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector, itemType);
    }

    public override DataViewType Type { get; }
    public override SchemaShape.Column Shape { get; }

    public override Delegate CreateGetter(Func<object> value) =>
        new ValueGetter<VBuffer<TItem>>((ref VBuffer<TItem> dst) =>
        {
            var src = (TItem[])value();
            if (_size > 0 && src.Length != _size) throw new InvalidOperationException($"column '{Name}' expects {_size} values, got {src.Length}");
            var editor = VBufferEditor.Create(ref dst, src.Length);
            src.AsSpan().CopyTo(editor.Values);
            dst = editor.Commit();
        });
}

/// <summary>A scalar column; the computed value is a boxed <typeparamref name="T"/>.</summary>
internal sealed class ScalarOutput<T> : OutputColumnSpec
{
    public ScalarOutput(string name, PrimitiveDataViewType type) : base(name)
    {
        Type = type;
        Shape = SchemaShapeColumns.Create(name, SchemaShape.Column.VectorKind.Scalar, type);
    }

    public override DataViewType Type { get; }
    public override SchemaShape.Column Shape { get; }

    public override Delegate CreateGetter(Func<object> value) => new ValueGetter<T>((ref T dst) => dst = (T)value());
}
