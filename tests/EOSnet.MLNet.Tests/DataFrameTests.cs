using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests;

public class DataFrameTests
{
    [Fact]
    public void A_dataframe_of_structures_goes_through_the_pipeline_and_predictions_come_back_as_a_dataframe()
    {
        var records = TestFixtures.MaterialsProject();
        var ml = new MLContext(0);
        var frame = CrystalDataFrame.FromRecords(ml, records);
        Assert.Equal(records.Count, frame.Rows.Count);
        var model = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph())
            .Append(ml.Regression.Trainers.EosNet(new EosNetTrainerOptions { Epochs = 2, BatchSize = 32, WarmupEpochs = 1, Seed = 1, Device = "cpu" }))
            .Fit(frame);
        var predictions = CrystalDataFrame.Predict(model, frame);
        Assert.Equal(records.Count, predictions.Rows.Count);
        Assert.Equal(new[] { "Id", "Label", "Score" }, predictions.Columns.Select(c => c.Name).OrderBy(n => n).ToArray());
        var direct = model.Transform(ml.Data.LoadFromCrystals(records)).GetColumn<float>("Score").ToArray();
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i].Id, predictions.Columns["Id"][i]);
            Assert.Equal(direct[i], (float)predictions.Columns["Score"][i]!);
        }
    }
}
