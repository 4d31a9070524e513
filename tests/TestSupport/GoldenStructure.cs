using System.Text.Json;
using EOSnet.Crystals;

namespace EOSnet.TestSupport;

/// <summary>A golden structure file (<c>golden/&lt;name&gt;.json</c>) with its crystal and reference outputs.</summary>
public sealed class GoldenStructure : IDisposable
{
    private readonly JsonDocument _doc;

    private GoldenStructure(string name, JsonDocument doc)
    {
        Name = name;
        _doc = doc;
        var input = doc.RootElement.GetProperty("input");
        var rows = input.GetProperty("lattice_rows_A").ToMatrix();
        var lattice = new Lattice(new Vec3(rows[0][0], rows[0][1], rows[0][2]), new Vec3(rows[1][0], rows[1][1], rows[1][2]), new Vec3(rows[2][0], rows[2][1], rows[2][2]));
        var cart = input.GetProperty("cart_coords_A").ToMatrix().Select(p => new Vec3(p[0], p[1], p[2]));
        Crystal = Crystal.FromCartesian(lattice, input.GetProperty("atomic_numbers").ToInts(), cart, name);
    }

    /// <summary>Loads a golden structure by name.</summary>
    public static GoldenStructure Load(string name) => new(name, SharedData.LoadGolden(name));

    /// <summary>File stem.</summary>
    public string Name { get; }
    /// <summary>The structure, built from the exact Cartesian positions the reference used.</summary>
    public Crystal Crystal { get; }
    /// <summary>The <c>outputs</c> object.</summary>
    public JsonElement Outputs => _doc.RootElement.GetProperty("outputs");
    /// <summary>The root object.</summary>
    public JsonElement Root => _doc.RootElement;

    /// <inheritdoc />
    public void Dispose() => _doc.Dispose();
}
