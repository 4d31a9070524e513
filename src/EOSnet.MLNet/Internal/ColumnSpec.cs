using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Internal;

/// <summary>Which shapes a column may have.</summary>
[Flags]
internal enum ColumnKinds
{
    Scalar = 1,
    KnownVector = 2,
    VariableVector = 4,
    AnyVector = KnownVector | VariableVector,
}

/// <summary>An input column a transformer reads: its role (for messages), name, item type and allowed shapes.</summary>
internal sealed record InputColumnSpec(string Role, string Name, DataViewType ItemType, ColumnKinds Kinds)
{
    private string Expected => $"{Describe(Kinds)} of {ItemType}";

    private static string Describe(ColumnKinds k) => k switch
    {
        ColumnKinds.Scalar => "a scalar",
        ColumnKinds.KnownVector => "a fixed-size vector",
        ColumnKinds.VariableVector => "a variable-size vector",
        ColumnKinds.AnyVector => "a vector",
        _ => "a scalar or vector",
    };

    /// <summary>Validates the column in an estimator's input shape.</summary>
    public void Check(SchemaShape shape)
    {
        var col = SchemaShapeColumns.Find(shape, Name)
            ?? throw new ArgumentOutOfRangeException(Name, $"{Role} column '{Name}' not found in the input (expected {Expected})");
        var kind = col.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => ColumnKinds.Scalar,
            SchemaShape.Column.VectorKind.Vector => ColumnKinds.KnownVector,
            _ => ColumnKinds.VariableVector,
        };
        if ((Kinds & kind) == 0 || !col.ItemType.Equals(ItemType))
            throw new ArgumentOutOfRangeException(Name, $"{Role} column '{Name}' must be {Expected}, but is {Describe(kind)} of {col.ItemType}");
    }

    /// <summary>Validates the column in a data view schema; returns its index.</summary>
    public int Check(DataViewSchema schema)
    {
        var col = schema.GetColumnOrNull(Name)
            ?? throw new ArgumentOutOfRangeException(Name, $"{Role} column '{Name}' not found in the input (expected {Expected})");
        var type = col.Type;
        ColumnKinds kind; DataViewType item;
        if (type is VectorDataViewType v) { kind = v.IsKnownSize ? ColumnKinds.KnownVector : ColumnKinds.VariableVector; item = v.ItemType; }
        else { kind = ColumnKinds.Scalar; item = type; }
        if ((Kinds & kind) == 0 || !item.Equals(ItemType))
            throw new ArgumentOutOfRangeException(Name, $"{Role} column '{Name}' must be {Expected}, but is {type}");
        return col.Index;
    }
}
