using EOSnet.Cli.Workflows;
using EOSnet.MLNet.Evaluation;
using EOSnet.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Cli.Tests;

/// <summary>
/// <see cref="SeedEnsembleEstimator"/> (<c>eosnet cv --ensemble N</c>): scores are the members' mean matched by id, the
/// members share one validation split that none of them trains on, and the reported validation metrics are those of
/// the ensemble and of each member on that split. Cheap ML.NET trainers with different regularisation stand in for
/// EOSnet members.
/// </summary>
public class SeedEnsembleTests
{
    private sealed class Row
    {
        public string Id { get; set; } = "";
        public float Label { get; set; }
        public bool Positive { get; set; }
        [VectorType(3)] public float[] Features { get; set; } = Array.Empty<float>();
    }

    private static IDataView Data(MLContext ml, int n, bool duplicateId = false)
    {
        var rng = new Random(5);
        var rows = Enumerable.Range(0, n).Select(i =>
        {
            var x = new[] { (float)rng.NextDouble(), (float)rng.NextDouble(), (float)rng.NextDouble() };
            float y = 2 * x[0] - x[1] + 0.5f * x[2] + 0.2f * (float)rng.NextDouble();
            return new Row { Id = duplicateId && i == 1 ? "c0" : $"c{i}", Label = y, Positive = y > 0.75f, Features = x };
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    private static HashSet<string> Ids(IDataView view) => view.GetColumn<string>("Id").ToHashSet();

    /// <summary>Records the ids of the rows it is fitted on, then fits the wrapped estimator.</summary>
    private sealed class Recording(IEstimator<ITransformer> inner, List<HashSet<string>> fittedOn) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            fittedOn.Add(Ids(input));
            return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }

    private static double Mae(IEnumerable<double> a, IEnumerable<double> b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    [Fact]
    public void Regression_scores_are_the_members_mean_and_validation_uses_one_split_no_member_trains_on()
    {
        var ml = new MLContext(1);
        var all = Data(ml, 400);
        var train = ml.Data.TakeRows(all, 300);
        var test = ml.Data.SkipRows(all, 300);
        var validations = new List<HashSet<string>>();
        var fittedOn = new List<HashSet<string>>();
        SeedEnsembleValidation? reported = null;
        var estimator = new SeedEnsembleEstimator(ml, ModelTask.Regression, 3, 7, (k, validation) =>
        {
            if (validation is not null) validations.Add(Ids(validation));
            // Strong, member-dependent regularisation: three visibly different models.
            return new Recording(ml.Regression.Trainers.Sdca(featureColumnName: "Features", l2Regularization: (float)Math.Pow(10, k - 1), maximumNumberOfIterations: 20), fittedOn);
        }, v => reported = v);

        var fitted = (SeedEnsembleTransformer)estimator.Fit(train);

        Assert.Equal(3, fitted.Members.Count);
        Assert.Equal(3, validations.Count);
        Assert.All(validations, v => Assert.Equal(validations[0], v));
        Assert.InRange(validations[0].Count, 15, 45); // about 10 % of 300
        Assert.All(fittedOn, f => Assert.Empty(f.Intersect(validations[0])));
        Assert.All(fittedOn, f => Assert.Equal(300 - validations[0].Count, f.Count));

        // Test scores: the mean of the members' scores, row by row.
        var members = fitted.Members.Select(m => m.Transform(test).GetColumn<float>("Score").ToArray()).ToList();
        Assert.True(members[0].Zip(members[2], (a, b) => Math.Abs(a - b)).Max() > 1e-2, "the members should differ");
        var scores = fitted.Transform(test).GetColumn<float>("Score").ToArray();
        for (int i = 0; i < scores.Length; i++) Assert.Equal(members.Average(m => m[i]), scores[i], 5);

        // Validation: each member's MAE and the ensemble mean's MAE on the shared split.
        Assert.NotNull(reported);
        var validationView = ml.Data.FilterByCustomPredicate<Row>(train, r => !validations[0].Contains(r.Id));
        var labels = validationView.GetColumn<float>("Label").Select(x => (double)x).ToArray();
        var memberScores = fitted.Members.Select(m => m.Transform(validationView).GetColumn<float>("Score").Select(x => (double)x).ToArray()).ToList();
        for (int k = 0; k < 3; k++) Assert.Equal(Mae(memberScores[k], labels), reported!.Members[k], 5);
        var mean = labels.Select((_, i) => memberScores.Average(s => s[i]));
        Assert.Equal(Mae(mean, labels), reported!.Ensemble, 5);
        Assert.True(reported.Ensemble <= reported.Members.Average() + 1e-9, "the MAE of a mean never exceeds the mean MAE");
        Assert.Equal(FoldEvaluator.Metrics(ml, fitted.Transform(validationView), TaskKind.Regression)["MAE"], reported.Ensemble, 5);
    }

    [Fact]
    public void Classification_averages_probabilities_and_labels_follow_the_mean()
    {
        var ml = new MLContext(2);
        var data = Data(ml, 400);
        var all = ml.Transforms.CopyColumns("Label", "Positive").Fit(data).Transform(data); // a Boolean label
        var train = ml.Data.TakeRows(all, 300);
        var test = ml.Data.SkipRows(all, 300);
        var estimator = new SeedEnsembleEstimator(ml, ModelTask.BinaryClassification, 2, 3,
            (k, _) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(featureColumnName: "Features", l2Regularization: k == 0 ? 0.01f : 3f, maximumNumberOfIterations: 20));

        var fitted = (SeedEnsembleTransformer)estimator.Fit(train);
        var probabilities = fitted.Members.Select(m => m.Transform(test).GetColumn<float>("Probability").ToArray()).ToList();
        var scored = fitted.Transform(test);
        var p = scored.GetColumn<float>("Probability").ToArray();
        var label = scored.GetColumn<bool>("PredictedLabel").ToArray();
        var score = scored.GetColumn<float>("Score").ToArray();

        Assert.True(probabilities[0].Zip(probabilities[1], (a, b) => Math.Abs(a - b)).Max() > 1e-2, "the members should differ");
        for (int i = 0; i < p.Length; i++)
        {
            Assert.Equal((probabilities[0][i] + probabilities[1][i]) / 2, p[i], 5);
            Assert.Equal(p[i] > 0.5f, label[i]);
            Assert.Equal(p[i] > 0.5f, score[i] > 0);
        }
        Assert.InRange(FoldEvaluator.Metrics(ml, scored, TaskKind.BinaryClassification)["AUC"], 0.8, 1.0);
    }

    [Fact]
    public void Duplicate_ids_are_refused_rather_than_mismatched()
    {
        var ml = new MLContext(3);
        var data = Data(ml, 100, duplicateId: true);
        var fitted = new SeedEnsembleEstimator(ml, ModelTask.Regression, 2, 1,
            (k, _) => ml.Regression.Trainers.Sdca(featureColumnName: "Features", l2Regularization: k + 0.1f, maximumNumberOfIterations: 5)).Fit(data);
        var ex = Assert.Throws<InvalidOperationException>(() => fitted.Transform(data));
        Assert.Contains("'c0' occurs twice", ex.Message);
    }
}
