using System.Text.Json;
using EOSnet.TestSupport;

namespace EOSnet.Model.Tests.Equivariant;

/// <summary>The v2 (e3nn) golden files in <c>../shared/golden/v2</c> (see the README there).</summary>
internal static class V2Golden
{
    /// <summary>The seven structures of the v2 set.</summary>
    public static readonly string[] StructureNames =
    [
        "si_diamond_prim", "nacl_rocksalt_prim", "cu_fcc_prim_1atom", "srtio3_cubic",
        "slab_short_long_triclinic", "he_sc7_sparse_padding", "ar_sc9_isolated",
    ];

    public static JsonDocument Load(string stem) => SharedData.LoadGolden("v2/" + stem);

    /// <summary>The structures object of a v2 file, checked to hold exactly the seven structures.</summary>
    public static JsonElement Structures(JsonDocument doc)
    {
        var structures = doc.RootElement.GetProperty("structures");
        Assert.Equal(StructureNames.Order(StringComparer.Ordinal), structures.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        return structures;
    }

    /// <summary>A nested JSON array of numbers, flattened row-major.</summary>
    public static double[] Flatten(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten).ToArray() : [e.GetDouble()];
}
