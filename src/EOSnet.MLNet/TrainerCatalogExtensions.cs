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
}
