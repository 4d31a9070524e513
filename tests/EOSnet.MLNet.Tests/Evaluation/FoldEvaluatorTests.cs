using EOSnet.Model;
using EOSnet.MLNet.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.Evaluation;

public class FoldEvaluatorTests
{
    private sealed class Row
    {
        [VectorType(2)] public float[] Features { get; set; } = new float[2];
        public float Label { get; set; }
        public int Split { get; set; }
    }

    private static IDataView Data(MLContext ml)
    {
        var rnd = new Random(3);
        var rows = Enumerable.Range(0, 200).Select(i =>
        {
            float a = (float)rnd.NextDouble(), b = (float)rnd.NextDouble();
            return new Row { Features = new[] { a, b }, Label = 2 * a - b + 0.5f, Split = i % 4 };
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    [Fact]
    public void Fixed_folds_partition_the_data()
    {
        var ml = new MLContext(0);
        var data = Data(ml);
        for (int k = 0; k < 4; k++)
        {
            var test = FoldEvaluator.Select(ml, data, "Split", k, test: true).GetColumn<int>("Split").ToList();
            var train = FoldEvaluator.Select(ml, data, "Split", k, test: false).GetColumn<int>("Split").ToList();
            Assert.Equal(50, test.Count);
            Assert.All(test, s => Assert.Equal(k, s));
            Assert.Equal(150, train.Count);
            Assert.DoesNotContain(k, train);
        }
    }

    [Fact]
    public void A_linear_learner_fits_a_linear_target_on_every_fold_and_the_table_reports_it()
    {
        var ml = new MLContext(0);
        var data = Data(ml);
        var sdca = FoldEvaluator.Run(ml, "Sdca", data, "Split", 4, ModelTask.Regression, _ => ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 200));
        var mean = FoldEvaluator.Run(ml, "Mean", data, "Split", 4, ModelTask.Regression,
            _ => ml.Transforms.CopyColumns("Score", "Label").Append(ml.Transforms.CustomMapping<Row, Scored>((r, s) => s.Score = 0.5f, contractName: null)));
        Assert.Equal(4, sdca.Folds.Count);
        Assert.True(sdca.Mean("MAE") < 0.05, $"Sdca MAE {sdca.Mean("MAE")}");
        Assert.True(mean.Mean("MAE") > 5 * sdca.Mean("MAE"));
        var table = new ComparisonTable(ModelTask.Regression, new[] { sdca, mean });
        var md = table.ToMarkdown();
        Assert.Contains("| Sdca | ", md);
        Assert.Equal(1 + 8, table.ToCsv().Trim().Split('\n').Length);
    }

    [Fact]
    public void Model_comparison_runs_every_model_on_the_same_folds()
    {
        var ml = new MLContext(0);
        var table = ModelComparison.Run(ml, Data(ml), "Split", 4, ModelTask.Regression, new (string, Func<int, IEstimator<ITransformer>>)[]
        {
            ("Sdca", _ => ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 200)),
            ("FastTree", _ => ml.Regression.Trainers.FastTree(numberOfLeaves: 4, minimumExampleCountPerLeaf: 5)),
        }, folds: new[] { 1, 3 });
        Assert.Equal(new[] { "Sdca", "FastTree" }, table.Results.Select(r => r.Model));
        Assert.All(table.Results, r => Assert.Equal(new[] { 1, 3 }, r.Folds.Select(f => f.Fold)));
        Assert.True(table.Results[0].Mean("MAE") < table.Results[1].Mean("MAE") + 0.05);
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }
}
