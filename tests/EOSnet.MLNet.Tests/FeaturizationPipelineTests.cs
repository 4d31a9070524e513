using EOSnet.Featurization;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests;

public class FeaturizationPipelineTests
{
    [Fact]
    public void Load_featurize_save_and_reload_gives_identical_columns_equal_to_the_direct_featurizer()
    {
        var records = TestFixtures.MaterialsProject();
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromCrystals(records);
        var pipeline = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph());
        var model = pipeline.Fit(data);
        var out1 = model.Transform(data);
        var fp1 = out1.GetColumn<float[]>(CrystalColumns.AtomFingerprints).ToList();
        var idx1 = out1.GetColumn<int[]>(CrystalColumns.NeighborIndices).ToList();
        var d1 = out1.GetColumn<double[]>(CrystalColumns.NeighborDistances).ToList();

        var direct = new CrystalFeaturizer();
        for (int k = 0; k < records.Count; k++)
        {
            var g = direct.Featurize(records[k].Crystal)!;
            Assert.Equal(g.AtomFingerprints, fp1[k]);
            Assert.Equal(g.NeighborIndices, idx1[k]);
            Assert.Equal(g.NeighborDistances, d1[k]);
        }

        using var ms = new MemoryStream();
        ml.Model.Save(model, data.Schema, ms);
        ms.Position = 0;
        var fresh = new MLContext(5).RegisterEosNet();
        var loaded = fresh.Model.Load(ms, out var schema);
        var out2 = loaded.Transform(fresh.Data.LoadFromCrystals(records));
        Assert.Equal(fp1.SelectMany(x => x), out2.GetColumn<float[]>(CrystalColumns.AtomFingerprints).SelectMany(x => x));
        Assert.Equal(idx1.SelectMany(x => x), out2.GetColumn<int[]>(CrystalColumns.NeighborIndices).SelectMany(x => x));
        Assert.Equal(d1.SelectMany(x => x), out2.GetColumn<double[]>(CrystalColumns.NeighborDistances).SelectMany(x => x));
        Assert.NotNull(schema.GetColumnOrNull(CrystalColumns.Positions));
    }

    [Fact]
    public void Output_schema_is_declared_before_fitting_and_bad_inputs_are_named()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromCrystals(TestFixtures.MaterialsProject().Take(2));
        var shape = PoolFingerprintsTests.SchemaShapeOf(data);
        var est = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Append(ml.Transforms.PoolFingerprints());
        var outShape = est.GetOutputSchema(shape);
        Assert.Contains(outShape, c => c.Name == CrystalColumns.AtomFingerprints && c.Kind == SchemaShape.Column.VectorKind.VariableVector);
        Assert.Contains(outShape, c => c.Name == CrystalColumns.NeighborDistances && c.ItemType == NumberDataViewType.Double);
        Assert.Contains(outShape, c => c.Name == CrystalColumns.Features && c.Kind == SchemaShape.Column.VectorKind.Vector);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.ComputeGomFingerprints(new GomFingerprintOptions { PositionsColumnName = "Label" }).Fit(data));
        Assert.Contains("positions column 'Label'", ex.Message);
    }

    [Fact]
    public void A_prediction_engine_featurizes_a_single_crystal()
    {
        var records = TestFixtures.MaterialsProject().Take(3).ToList();
        var ml = new MLContext(0);
        var model = ml.Transforms.ComputeGomFingerprints().Fit(ml.Data.LoadFromCrystals(records));
        var engine = ml.Model.CreatePredictionEngine<CrystalInput, FingerprintRow>(model);
        var row = engine.Predict(CrystalInput.From(records[1].Crystal));
        Assert.Equal(new GomFingerprint().Compute(records[1].Crystal).ToSingle(), row.AtomFingerprints);
    }

    private sealed class FingerprintRow
    {
        public float[] AtomFingerprints { get; set; } = Array.Empty<float>();
    }
}
