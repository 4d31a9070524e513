using EOSnet.Model;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace EOSnet.MLNet.Evaluation.Tuning;

/// <summary>
/// Search spaces of the baseline trainers and the estimators they stand for. The ranges bracket ML.NET's defaults
/// (trees and leaves by their order of magnitude, learning rates from slow to aggressive, regularisation over six
/// decades), so the defaults are one point of the space as well as the first trial.
/// </summary>
public static class BaselineTrainers
{
    private static readonly HyperParameter Leaves = new("NumberOfLeaves", 4, 128, Log: true, Integer: true);
    private static readonly HyperParameter Trees = new("NumberOfTrees", 50, 800, Log: true, Integer: true);
    private static readonly HyperParameter Rate = new("LearningRate", 0.02, 0.4, Log: true);
    private static readonly HyperParameter MinLeaf = new("MinimumExampleCountPerLeaf", 1, 50, Log: true, Integer: true);
    private static readonly HyperParameter Features = new("FeatureFraction", 0.5, 1);

    /// <summary>The hyper-parameters searched for a family.</summary>
    public static IReadOnlyList<HyperParameter> Space(BaselineFamily family) => family switch
    {
        BaselineFamily.FastTree => new[] { Leaves, Trees, Rate, MinLeaf, Features },
        BaselineFamily.LightGbm => new[] { Leaves, Trees with { Name = "NumberOfIterations" }, Rate, MinLeaf, Features, new HyperParameter("L2Regularization", 1e-4, 10, Log: true) },
        BaselineFamily.FastForest => new[] { Leaves with { Max = 256 }, Trees with { Max = 500 }, MinLeaf, Features with { Min = 0.3 } },
        BaselineFamily.Sdca => new[] { new HyperParameter("L2Regularization", 1e-6, 1, Log: true), new HyperParameter("L1Regularization", 1e-6, 1, Log: true), new HyperParameter("MaximumNumberOfIterations", 10, 200, Log: true, Integer: true) },
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    /// <summary>One random point of a family's space.</summary>
    public static IReadOnlyDictionary<string, double> Sample(BaselineFamily family, Random random) =>
        Space(family).ToDictionary(p => p.Name, p => p.Sample(random));

    /// <summary>
    /// The estimator for a family with the given hyper-parameters (empty: ML.NET's defaults); Sdca comes with
    /// min-max normalisation of the features, as linear models need. <paramref name="seed"/> null keeps the trainers'
    /// own default seeds (exactly ML.NET's defaults).
    /// </summary>
    public static IEstimator<ITransformer> Create(MLContext ml, BaselineFamily family, ModelTask task, IReadOnlyDictionary<string, double> p,
        string label = CrystalColumns.Label, string features = CrystalColumns.Features, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(p);
        bool regression = task == ModelTask.Regression;
        switch (family)
        {
            case BaselineFamily.FastTree:
                return regression
                    ? ml.Regression.Trainers.FastTree(WithTreeOptions(new FastTreeRegressionTrainer.Options(), p, label, features, seed))
                    : ml.BinaryClassification.Trainers.FastTree(WithTreeOptions(new FastTreeBinaryTrainer.Options(), p, label, features, seed));
            case BaselineFamily.FastForest:
                return regression
                    ? ml.Regression.Trainers.FastForest(WithTreeOptions(new FastForestRegressionTrainer.Options(), p, label, features, seed))
                    : ml.BinaryClassification.Trainers.FastForest(WithTreeOptions(new FastForestBinaryTrainer.Options(), p, label, features, seed));
            case BaselineFamily.LightGbm:
                var booster = new GradientBooster.Options();
                if (p.TryGetValue("FeatureFraction", out var ff)) booster.FeatureFraction = ff;
                if (p.TryGetValue("L2Regularization", out var l2)) booster.L2Regularization = l2;
                if (regression)
                {
                    var o = new LightGbmRegressionTrainer.Options { LabelColumnName = label, FeatureColumnName = features, Booster = booster };
                    if (seed is int s) o.Seed = s;
                    if (p.TryGetValue("NumberOfIterations", out var it)) o.NumberOfIterations = (int)it;
                    if (p.TryGetValue("NumberOfLeaves", out var nl)) o.NumberOfLeaves = (int)nl;
                    if (p.TryGetValue("LearningRate", out var lr)) o.LearningRate = lr;
                    if (p.TryGetValue("MinimumExampleCountPerLeaf", out var ml2)) o.MinimumExampleCountPerLeaf = (int)ml2;
                    return ml.Regression.Trainers.LightGbm(o);
                }
                else
                {
                    var o = new LightGbmBinaryTrainer.Options { LabelColumnName = label, FeatureColumnName = features, Booster = booster };
                    if (seed is int s) o.Seed = s;
                    if (p.TryGetValue("NumberOfIterations", out var it)) o.NumberOfIterations = (int)it;
                    if (p.TryGetValue("NumberOfLeaves", out var nl)) o.NumberOfLeaves = (int)nl;
                    if (p.TryGetValue("LearningRate", out var lr)) o.LearningRate = lr;
                    if (p.TryGetValue("MinimumExampleCountPerLeaf", out var ml2)) o.MinimumExampleCountPerLeaf = (int)ml2;
                    return ml.BinaryClassification.Trainers.LightGbm(o);
                }
            case BaselineFamily.Sdca:
                float? L2() => p.TryGetValue("L2Regularization", out var v) ? (float)v : null;
                float? L1() => p.TryGetValue("L1Regularization", out var v) ? (float)v : null;
                int? Iterations() => p.TryGetValue("MaximumNumberOfIterations", out var v) ? (int)v : null;
                var normalize = ml.Transforms.NormalizeMinMax(features);
                return regression
                    ? normalize.Append(ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = label, FeatureColumnName = features, L2Regularization = L2(), L1Regularization = L1(), MaximumNumberOfIterations = Iterations() }))
                    : normalize.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { LabelColumnName = label, FeatureColumnName = features, L2Regularization = L2(), L1Regularization = L1(), MaximumNumberOfIterations = Iterations() }));
            default:
                throw new ArgumentOutOfRangeException(nameof(family));
        }
    }

    private static T WithTreeOptions<T>(T o, IReadOnlyDictionary<string, double> p, string label, string features, int? seed) where T : TreeOptions
    {
        o.LabelColumnName = label;
        o.FeatureColumnName = features;
        if (seed is int s) o.Seed = s;
        if (p.TryGetValue("NumberOfLeaves", out var v)) o.NumberOfLeaves = (int)v;
        if (p.TryGetValue("NumberOfTrees", out v)) o.NumberOfTrees = (int)v;
        if (p.TryGetValue("MinimumExampleCountPerLeaf", out v)) o.MinimumExampleCountPerLeaf = (int)v;
        if (p.TryGetValue("FeatureFraction", out v)) o.FeatureFraction = v;
        if (p.TryGetValue("LearningRate", out v) && o is BoostedTreeOptions boosted) boosted.LearningRate = v;
        return o;
    }
}
