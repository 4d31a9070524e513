using EOSnet.MLNet.Evaluation;
using EOSnet.MLNet.Evaluation.Tuning;
using EOSnet.Model;
using Microsoft.ML;

namespace EOSnet.MLNet;

/// <summary><c>mlContext.Regression.Trainers.EosNet(...)</c> and <c>mlContext.BinaryClassification.Trainers.EosNet(...)</c>.</summary>
public static class TrainerCatalogExtensions
{
    /// <summary>EOSnet regression (Score = prediction in label units).</summary>
    public static EosNetTrainer EosNet(this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = CrystalColumns.Label,
        int epochs = 500, int batchSize = 256, double learningRate = 1e-3, int? seed = null, string device = "auto")
        => EosNet(catalog, new EosNetTrainerOptions { LabelColumnName = labelColumnName, Epochs = epochs, BatchSize = batchSize, LearningRate = learningRate, Seed = seed, Device = device });

    /// <summary>EOSnet regression with full options.</summary>
    public static EosNetTrainer EosNet(this RegressionCatalog.RegressionTrainers catalog, EosNetTrainerOptions options)
        => new(Internal.MlNetBridge.EnvironmentOf(catalog), options, ModelTask.Regression);

    /// <summary>EOSnet binary classification (Score = logit, Probability, PredictedLabel).</summary>
    public static EosNetTrainer EosNet(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, string labelColumnName = CrystalColumns.Label,
        int epochs = 500, int batchSize = 256, double learningRate = 1e-3, int? seed = null, string device = "auto")
        => EosNet(catalog, new EosNetTrainerOptions { LabelColumnName = labelColumnName, Epochs = epochs, BatchSize = batchSize, LearningRate = learningRate, Seed = seed, Device = device });

    /// <summary>EOSnet binary classification with full options.</summary>
    public static EosNetTrainer EosNet(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, EosNetTrainerOptions options)
        => new(Internal.MlNetBridge.EnvironmentOf(catalog), options, ModelTask.BinaryClassification);

    /// <summary>
    /// An ML.NET regression trainer (FastTree, LightGbm, Sdca or FastForest) whose hyper-parameters are searched within
    /// a time budget on an inner validation split of the rows it is fitted on (see <see cref="TunedBaselineEstimator"/>).
    /// </summary>
    public static TunedBaselineEstimator TunedBaseline(this RegressionCatalog.RegressionTrainers catalog, BaselineFamily family, BaselineSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TunedBaselineEstimator(family, TaskKind.Regression, options);
    }

    /// <summary>The binary-classification counterpart of the regression <c>TunedBaseline</c> (validation metric ROC-AUC).</summary>
    public static TunedBaselineEstimator TunedBaseline(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, BaselineFamily family, BaselineSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TunedBaselineEstimator(family, TaskKind.BinaryClassification, options);
    }
}
