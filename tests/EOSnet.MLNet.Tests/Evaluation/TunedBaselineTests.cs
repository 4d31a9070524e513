using EOSnet.Model;
using EOSnet.MLNet.Evaluation;
using EOSnet.MLNet.Evaluation.Tuning;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.Evaluation;

public class TunedBaselineTests
{
    private sealed class Row
    {
        [VectorType(4)] public float[] Features { get; set; } = new float[4];
        public float Label { get; set; }
        public bool Positive { get; set; }
    }

    /// <summary>A non-linear target with interactions and noise: trees beat the mean, tuning has something to find.</summary>
    private static IDataView Data(MLContext ml, int rows = 400, int seed = 5)
    {
        var rnd = new Random(seed);
        var list = Enumerable.Range(0, rows).Select(_ =>
        {
            var x = Enumerable.Range(0, 4).Select(_ => (float)rnd.NextDouble()).ToArray();
            float y = MathF.Sin(6 * x[0]) + 2 * x[1] * x[2] + 0.1f * (float)(rnd.NextDouble() - 0.5);
            return new Row { Features = x, Label = y, Positive = y > 0.6f };
        }).ToList();
        return ml.Data.LoadFromEnumerable(list);
    }

    [Fact]
    public void A_search_starts_with_the_defaults_keeps_its_trial_limit_and_records_true_validation_scores()
    {
        var ml = new MLContext(0);
        var data = Data(ml);
        var options = new BaselineSearchOptions { Budget = TimeSpan.FromMinutes(10), MaxTrials = 5, Seed = 11 };
        var estimator = ml.Regression.Trainers.TunedBaseline(BaselineFamily.FastTree, options);
        var model = estimator.Fit(data);
        var search = Assert.Single(estimator.Searches);
        Assert.Equal(5, search.Trials.Count);
        Assert.Empty(search.Trials[0].Parameters);
        Assert.All(search.Trials.Skip(1), t => Assert.Equal(BaselineTrainers.Space(BaselineFamily.FastTree).Select(p => p.Name).OrderBy(n => n), t.Parameters.Keys.OrderBy(n => n)));
        Assert.Equal(search.Trials.Min(t => t.ValidationMetric), search.Best.ValidationMetric);
        Assert.True(search.Trials.Select(t => t.ValidationMetric).Distinct().Count() > 1, "the sampled hyper-parameters changed nothing");

        // The recorded score is what the chosen hyper-parameters give on the same inner split.
        var split = new MLContext(options.Seed).Data.TrainTestSplit(data, options.ValidationFraction, seed: options.Seed);
        var again = BaselineTrainers.Create(new MLContext(options.Seed), BaselineFamily.FastTree, ModelTask.Regression, search.Best.Parameters, seed: options.Seed).Fit(split.TrainSet);
        Assert.Equal(search.Best.ValidationMetric, ml.Regression.Evaluate(again.Transform(split.TestSet)).MeanAbsoluteError, 10);

        // The refitted model scores all rows, and a second search with the same seed chooses the same.
        Assert.Equal(400, model.Transform(data).GetColumn<float>("Score").Count(float.IsFinite));
        var twin = ml.Regression.Trainers.TunedBaseline(BaselineFamily.FastTree, options);
        twin.Fit(data);
        Assert.Equal(search.Trials.Select(t => t.ValidationMetric), twin.Searches[0].Trials.Select(t => t.ValidationMetric));
    }

    [Fact]
    public void A_spent_budget_leaves_only_the_defaults()
    {
        var ml = new MLContext(0);
        var estimator = ml.Regression.Trainers.TunedBaseline(BaselineFamily.Sdca, new BaselineSearchOptions { Budget = TimeSpan.Zero });
        estimator.Fit(Data(ml, 120));
        var trial = Assert.Single(estimator.Searches[0].Trials);
        Assert.Equal("ML.NET defaults", trial.Describe());
    }

    [Theory]
    [InlineData(BaselineFamily.FastTree)]
    [InlineData(BaselineFamily.LightGbm)]
    [InlineData(BaselineFamily.Sdca)]
    [InlineData(BaselineFamily.FastForest)]
    public void Every_family_tunes_for_regression_and_classification(BaselineFamily family)
    {
        var ml = new MLContext(0);
        var data = Data(ml, 300);
        var options = new BaselineSearchOptions { MaxTrials = 3, Seed = 2 };
        var regression = ml.Regression.Trainers.TunedBaseline(family, options);
        var mae = ml.Regression.Evaluate(regression.Fit(data).Transform(data)).MeanAbsoluteError;
        double spread = data.GetColumn<float>("Label").Select(v => (double)v).ToList() is var labels ? labels.Average(v => Math.Abs(v - labels.Average())) : 0;
        Assert.True(mae < spread, $"{family}: MAE {mae:F3} not below the mean predictor's {spread:F3}");
        Assert.Equal(3, regression.Searches[0].Trials.Count);

        var binary = ml.BinaryClassification.Trainers.TunedBaseline(family, new BaselineSearchOptions { MaxTrials = 3, Seed = 2, LabelColumnName = nameof(Row.Positive) });
        var scored = binary.Fit(data).Transform(data);
        var metrics = FoldEvaluator.Metrics(ml, scored, ModelTask.BinaryClassification, nameof(Row.Positive));
        Assert.True(metrics["AUC"] > 0.7, $"{family}: AUC {metrics["AUC"]:F3}");
        var search = binary.Searches[0];
        Assert.Equal(search.Trials.Max(t => t.ValidationMetric), search.Best.ValidationMetric);
    }

    [Fact]
    public void The_comparison_table_as_a_data_frame_holds_the_means_and_deviations()
    {
        var ml = new MLContext(0);
        var data = Data(ml);
        var folds = ml.Transforms.CustomMapping<Row, FoldColumn>((r, f) => f.Fold = (int)(r.Features[3] * 4) % 4, contractName: null).Fit(data).Transform(data);
        var table = ModelComparison.Run(ml, folds, "Fold", 4, ModelTask.Regression, new (string, Func<int, IEstimator<ITransformer>>)[]
        {
            ("FastTree (tuned)", _ => ml.Regression.Trainers.TunedBaseline(BaselineFamily.FastTree, new BaselineSearchOptions { MaxTrials = 2 })),
            ("FastForest", _ => BaselineTrainers.Create(ml, BaselineFamily.FastForest, ModelTask.Regression, new Dictionary<string, double>())),
        });
        var frame = table.ToDataFrame();
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal(new[] { "Model", "MAE_Mean", "MAE_Std", "RMSE_Mean", "RMSE_Std", "R2_Mean", "R2_Std", "Folds", "Seconds" }, frame.Columns.Select(c => c.Name));
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(table.Results[i].Model, frame["Model"][i]);
            Assert.Equal(table.Results[i].Mean("MAE"), (double)frame["MAE_Mean"][i]!);
            Assert.Equal(table.Results[i].Std("R2"), (double)frame["R2_Std"][i]!);
            Assert.Equal(4, (int)frame["Folds"][i]!);
        }
    }

    private sealed class FoldColumn
    {
        public int Fold { get; set; }
    }
}
