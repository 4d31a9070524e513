using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests;

public class PoolFingerprintsTests
{
    private sealed class Row
    {
        public float[] AtomFingerprints { get; set; } = Array.Empty<float>();
        public int[] AtomicNumbers { get; set; } = Array.Empty<int>();
    }

    private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(new[]
    {
        new Row { AtomFingerprints = new float[] { 1, 2, 3, 5 }, AtomicNumbers = new[] { 8, 8 } },
        new Row { AtomFingerprints = new float[] { 1, 0, 3, 2, 5, 4 }, AtomicNumbers = new[] { 1, 8, 8 } },
    });

    [Fact]
    public void Pools_mean_std_min_max_and_composition()
    {
        var ml = new MLContext(1);
        var model = ml.Transforms.PoolFingerprints(fingerprintLength: 2).Fit(Data(ml));
        var rows = model.Transform(Data(ml)).GetColumn<float[]>(CrystalColumns.Features).ToList();
        Assert.Equal(4 * 2 + 112, rows[0].Length);
        // Row 0: atoms (1,2) and (3,5): mean (2, 3.5), std (1, 1.5), min (1, 2), max (3, 5); O fraction 1.
        Assert.Equal(new float[] { 2, 3.5f, 1, 1.5f, 1, 2, 3, 5 }, rows[0][..8]);
        Assert.Equal(1f, rows[0][8 + 7]);
        // Row 1: (1,0), (3,2), (5,4): mean (3,2), std sqrt(8/3), min (1,0), max (5,4); H 1/3, O 2/3.
        Assert.Equal(3f, rows[1][0], 6);
        Assert.Equal(MathF.Sqrt(8f / 3f), rows[1][2], 5);
        Assert.Equal(1f / 3f, rows[1][8 + 0], 6);
        Assert.Equal(2f / 3f, rows[1][8 + 7], 6);
    }

    [Fact]
    public void Output_schema_is_a_known_size_vector_and_input_types_are_checked()
    {
        var ml = new MLContext(1);
        var est = ml.Transforms.PoolFingerprints(fingerprintLength: 2, includeComposition: false);
        var shape = est.GetOutputSchema(SchemaShapeOf(Data(ml)));
        var col = shape.Single(c => c.Name == CrystalColumns.Features);
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, col.Kind);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.PoolFingerprints(inputColumnName: "AtomicNumbers", fingerprintLength: 2).Fit(Data(ml)));
        Assert.Contains("must be a vector of Single", ex.Message);
    }

    [Fact]
    public void Save_and_load_in_a_fresh_context_round_trips()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var model = ml.Transforms.PoolFingerprints(fingerprintLength: 2).Fit(data);
        using var ms = new MemoryStream();
        ml.Model.Save(model, data.Schema, ms);
        ms.Position = 0;
        var fresh = new MLContext(2).RegisterEosNet();
        var loaded = fresh.Model.Load(ms, out var schema);
        Assert.Equal(
            model.Transform(data).GetColumn<float[]>(CrystalColumns.Features).SelectMany(x => x),
            loaded.Transform(Data(fresh)).GetColumn<float[]>(CrystalColumns.Features).SelectMany(x => x));
        Assert.NotNull(schema.GetColumnOrNull(CrystalColumns.AtomFingerprints));
    }

    internal static SchemaShape SchemaShapeOf(IDataView data) => Internal.SchemaShapeColumns.Of(data.Schema);
}
