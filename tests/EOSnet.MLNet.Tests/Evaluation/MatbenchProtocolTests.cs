using EOSnet.Model;
using System.Text.Json;
using EOSnet.MLNet.Evaluation;
using EOSnet.TestSupport;
using Microsoft.ML;

namespace EOSnet.MLNet.Tests.Evaluation;

public class MatbenchProtocolTests
{
    [SharedDataFact]
    public void Runs_the_official_folds_and_reports_in_matbench_layout()
    {
        var ml = new MLContext(0);
        var featurizer = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.PoolFingerprints());
        var report = MatbenchProtocol.Run(ml, SharedData.Data("matbench_perovskites.json.gz"), "LightGbm", ModelTask.Regression,
            _ => ml.Regression.Trainers.LightGbm(), featurizer, folds: new[] { 0, 1 });
        Assert.Equal(new[] { 0, 1 }, report.Result.Folds.Select(f => f.Fold));
        Assert.All(report.Result.Folds, f => Assert.InRange(f.Metrics["MAE"], 0.01, 0.5)); // the mean predictor scores 0.57
        using var doc = JsonDocument.Parse(report.ToJson());
        Assert.Equal("e_form", doc.RootElement.GetProperty("task").GetString());
        Assert.Equal(report.Result.Folds[1].Metrics["MAE"], doc.RootElement.GetProperty("folds").GetProperty("fold_1").GetProperty("scores").GetProperty("mae").GetDouble());
        Assert.Equal(report.Result.Mean("MAE"), doc.RootElement.GetProperty("scores").GetProperty("mae").GetProperty("mean").GetDouble(), 12);
    }
}
