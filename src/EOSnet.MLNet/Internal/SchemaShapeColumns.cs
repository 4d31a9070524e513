using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Internal;

/// <summary>Creates and inspects <see cref="SchemaShape.Column"/> values (their constructor is internal in ML.NET).</summary>
internal static class SchemaShapeColumns
{
    private static readonly Lazy<ConstructorInfo> Ctor = new(() =>
        typeof(SchemaShape.Column).GetConstructor(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance, null,
            new[] { typeof(string), typeof(SchemaShape.Column.VectorKind), typeof(DataViewType), typeof(bool), typeof(SchemaShape) }, null)
        ?? throw new NotSupportedException(MlNetBridge.MissingMemberMessage(MlNetBridge.LoadedMlNetVersion(), "SchemaShape.Column(..)")));

    /// <summary>Checks that the internal constructor exists (part of <see cref="MlNetBridge.SelfCheck"/>).</summary>
    public static void SelfCheck() => _ = Ctor.Value;

    /// <summary>A new schema-shape column.</summary>
    public static SchemaShape.Column Create(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType) =>
        (SchemaShape.Column)Ctor.Value.Invoke(new object?[] { name, kind, itemType, false, null });

    /// <summary>The shape column describing a schema column.</summary>
    public static SchemaShape.Column From(DataViewSchema.Column column)
    {
        var type = column.Type;
        if (type is VectorDataViewType v)
            return Create(column.Name, v.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector, v.ItemType);
        return Create(column.Name, SchemaShape.Column.VectorKind.Scalar, type);
    }

    /// <summary>The shape of a data view's schema (what an estimator's GetOutputSchema takes).</summary>
    public static SchemaShape Of(DataViewSchema schema) => new(schema.Select(From));

    /// <summary>The input shape with the given columns added or replaced (same name).</summary>
    public static SchemaShape AddOrReplace(SchemaShape input, IEnumerable<SchemaShape.Column> added)
    {
        var list = added.ToList();
        var names = new HashSet<string>(list.Select(c => c.Name));
        return new SchemaShape(input.Where(c => !names.Contains(c.Name)).Concat(list));
    }

    /// <summary>Finds a column by name, or null.</summary>
    public static SchemaShape.Column? Find(SchemaShape shape, string name)
    {
        foreach (var c in shape) if (c.Name == name) return c;
        return null;
    }
}
