using EOSnet.Model;
using Microsoft.ML;

namespace EOSnet.MLNet.Evaluation.Tuning;

/// <summary><c>mlContext.Regression.Trainers.TunedBaseline(...)</c> and its binary-classification counterpart.</summary>
public static class BaselineCatalogExtensions
{
    /// <summary>
    /// An ML.NET regression trainer (FastTree, LightGbm, Sdca or FastForest) whose hyper-parameters are searched within
    /// a time budget on an inner validation split of the rows it is fitted on (see <see cref="TunedBaselineEstimator"/>).
    /// </summary>
    /// <param name="catalog">The regression trainers (<c>mlContext.Regression.Trainers</c>).</param>
    /// <param name="family">The ML.NET trainer to tune.</param>
    /// <param name="options">Budget, trials, validation fraction and seed; null for the defaults.</param>
    /// <remarks>Input columns: <c>Features</c> (e.g. from <c>PoolFingerprints</c>) and <c>Label</c>. Output: the tuned trainer's columns. Each trial goes to <c>mlContext.Log</c>.</remarks>
    public static TunedBaselineEstimator TunedBaseline(this RegressionCatalog.RegressionTrainers catalog, BaselineFamily family, BaselineSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TunedBaselineEstimator(family, ModelTask.Regression, options, Internal.MlNetBridge.EnvironmentOf(catalog));
    }

    /// <summary>The binary-classification counterpart of the regression <c>TunedBaseline</c> (validation metric ROC-AUC).</summary>
    /// <param name="catalog">The binary-classification trainers (<c>mlContext.BinaryClassification.Trainers</c>).</param>
    /// <param name="family">The ML.NET trainer to tune.</param>
    /// <param name="options">Budget, trials, validation fraction and seed; null for the defaults.</param>
    /// <remarks>Input columns: <c>Features</c> and a Boolean <c>Label</c>. Output: the tuned trainer's columns. Each trial goes to <c>mlContext.Log</c>.</remarks>
    public static TunedBaselineEstimator TunedBaseline(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, BaselineFamily family, BaselineSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TunedBaselineEstimator(family, ModelTask.BinaryClassification, options, Internal.MlNetBridge.EnvironmentOf(catalog));
    }
}
