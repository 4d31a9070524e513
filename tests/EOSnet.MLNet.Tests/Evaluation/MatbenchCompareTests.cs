using EOSnet.Crystals.IO;
using EOSnet.MLNet.Evaluation;
using EOSnet.Model;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.Evaluation;

/// <summary><see cref="MatbenchProtocol.Compare"/> (what <c>eosnet compare</c> and <c>cv</c> call) on the committed fixture.</summary>
public class MatbenchCompareTests
{
    [Fact]
    public void Compares_models_on_the_same_folds_of_records_with_a_target_and_a_fold()
    {
        var ml = new MLContext(0);
        var records = TestFixtures.MaterialsProject();
        var folds = MatbenchFolds.Random(records.Skip(2).Select(r => r.Id).ToList(), 3, 5); // the first two have no fold
        records = records.Select((r, i) => i == 2 ? r with { Target = null } : r).ToList();   // the third no target
        var featurizer = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.PoolFingerprints());
        var lines = new List<string>();
        var scoredRows = new Dictionary<(string, int), int>();
        var table = MatbenchProtocol.Compare(ml, records, folds, ModelTask.Regression, new (string, Func<int, IEstimator<ITransformer>>)[]
            {
                ("Sdca", _ => ml.Transforms.NormalizeMinMax("Features").Append(ml.Regression.Trainers.Sdca())),
                ("FastTree", _ => ml.Regression.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 5, minimumExampleCountPerLeaf: 2)),
            }, featurizer, folds: new[] { 0, 2 }, progress: lines.Add, scored: (m, k, view) => scoredRows[(m, k)] = view.GetColumn<float>("Score").Count());
        Assert.Equal(new[] { "Sdca", "FastTree" }, table.Results.Select(r => r.Model));
        Assert.All(table.Results, r => Assert.Equal(new[] { 0, 2 }, r.Folds.Select(f => f.Fold)));
        Assert.Contains($"featurizing {records.Count - 3} structures …", lines);
        int tested = records.Skip(3).Count(r => folds.FoldOf(r.Id) is 0 or 2);
        Assert.Equal(tested, scoredRows[("Sdca", 0)] + scoredRows[("Sdca", 2)]);
        Assert.Equal(scoredRows[("Sdca", 0)], scoredRows[("FastTree", 0)]);
    }
}
