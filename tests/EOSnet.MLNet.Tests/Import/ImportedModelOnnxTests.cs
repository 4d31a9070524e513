using EOSnet.MLNet.Onnx;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.Import;

public class ImportedModelOnnxTests
{
    /// <summary>The ONNX export of an imported model scores like the model itself (paper-era regression and a classifier).</summary>
    [SharedDataTheory]
    [InlineData("MP2018_BGAP", false)]
    [InlineData("MP_ALL_Band_Class", true)]
    [InlineData("MP2024_Eform", false)]
    public void The_onnx_export_of_an_imported_model_scores_like_the_model(string name, bool classification)
    {
        var ml = new MLContext(1);
        var model = ml.Model.ImportEosNetCheckpoint(PublishedCheckpoints.File(name));
        var crystals = ml.Data.LoadFromCrystals(PublishedCheckpoints.NaClAndCu());
        var expected = model.Transform(crystals).GetColumn<float>(CrystalColumns.Score).ToArray();

        using var onnx = new MemoryStream();
        model.LastTransformer.ExportOnnx(onnx);
        var featurizers = new TransformerChain<ITransformer>(model.Take(2).ToArray());
        var graphs = featurizers.Transform(crystals);
        var scorer = ml.Transforms.ApplyEosNetOnnxModel(onnx.ToArray(), classification).Fit(graphs);
        var actual = scorer.Transform(graphs).GetColumn<float>(CrystalColumns.Score).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-3 * Math.Max(1, Math.Abs(expected[i])), $"{name} crystal {i}: ONNX {actual[i]}, TorchSharp {expected[i]}");
    }
}
