using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// A "key=value;key=value" text annotation on a column: how EOSnet's featurizers record the settings a column was
/// made with (<see cref="GraphAnnotation"/>, <see cref="FingerprintAnnotation"/>). Caching keeps annotations; a
/// feature cache read from disk has none.
/// </summary>
internal static class TextAnnotation
{
    /// <summary>An annotation set holding one text annotation <paramref name="name"/> = "key=value;…".</summary>
    public static DataViewSchema.Annotations Create(string name, IEnumerable<(string Key, string Value)> fields)
    {
        var text = Format(fields).AsMemory();
        var b = new DataViewSchema.Annotations.Builder();
        b.Add(name, TextDataViewType.Instance, (ref ReadOnlyMemory<char> value) => value = text);
        return b.ToAnnotations();
    }

    /// <summary>The annotation text "key=value;…" of <paramref name="fields"/>.</summary>
    public static string Format(IEnumerable<(string Key, string Value)> fields) => string.Join(";", fields.Select(f => f.Key + "=" + f.Value));

    /// <summary>The fields of annotation <paramref name="name"/> on a column, or null when it carries none.</summary>
    public static IReadOnlyDictionary<string, string>? Read(DataViewSchema.Column column, string name)
    {
        if (column.Annotations.Schema.GetColumnOrNull(name) is not { Type: TextDataViewType }) return null;
        ReadOnlyMemory<char> value = default;
        column.Annotations.GetValue(name, ref value);
        return value.ToString().Split(';').Select(f => f.Split('=')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
    }
}
