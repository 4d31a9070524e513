using EOSnet.Model;
using Microsoft.ML;

namespace EOSnet.MLNet;

/// <summary><c>mlContext.Regression.Trainers.EosNet(...)</c> and <c>mlContext.BinaryClassification.Trainers.EosNet(...)</c>.</summary>
public static class TrainerCatalogExtensions
{
    /// <summary>EOSnet regression: the paper's gated graph network on GOM fingerprints, trained on a numeric label.</summary>
    /// <param name="catalog">The regression trainers (<c>mlContext.Regression.Trainers</c>).</param>
    /// <param name="labelColumnName">The label column: a numeric scalar (Single, Double or integer).</param>
    /// <param name="epochs">Training epochs (reference: <see cref="TrainingOptions.DefaultEpochs"/>).</param>
    /// <param name="batchSize">Structures per mini-batch (reference: <see cref="TrainingOptions.DefaultBatchSize"/>).</param>
    /// <param name="learningRate">Initial learning rate of the optimiser (reference: <see cref="TrainingOptions.DefaultLearningRate"/>).</param>
    /// <param name="seed">Seed of initialisation, shuffling and the validation split; null draws one from the context.</param>
    /// <param name="device">"auto" (CUDA when present, else the CPU), "cpu" or "cuda:N".</param>
    /// <remarks>
    /// Input columns (from <c>ComputeGomFingerprints</c> and <c>BuildCrystalGraph</c>): <c>AtomicNumbers</c>,
    /// <c>AtomFingerprints</c>, <c>NeighborIndices</c>, <c>NeighborDistances</c>, and the label. Output columns: <c>Score</c> (Single, the prediction in label units).
    /// Characteristics: needs no normalization or caching (the trainer materializes the graphs once); trains on the CPU
    /// or a GPU; progress and per-epoch metrics go to <c>mlContext.Log</c> (source <c>EosNetTrainer</c>); rows with a
    /// missing (NaN) label are skipped. The trained transformer works with Evaluate, CrossValidate, PredictionEngine,
    /// Model.Save/Load and ONNX export.
    /// </remarks>
    public static EosNetTrainer EosNet(this RegressionCatalog.RegressionTrainers catalog, string labelColumnName = CrystalColumns.Label,
        int epochs = TrainingOptions.DefaultEpochs, int batchSize = TrainingOptions.DefaultBatchSize, double learningRate = TrainingOptions.DefaultLearningRate,
        int? seed = null, string device = TrainingOptions.DefaultDevice)
        => EosNet(catalog, new EosNetTrainerOptions { LabelColumnName = labelColumnName, Epochs = epochs, BatchSize = batchSize, LearningRate = learningRate, Seed = seed, Device = device });

    /// <summary>EOSnet regression with full options (architecture, recipe, validation, fine-tuning, callbacks).</summary>
    /// <param name="catalog">The regression trainers (<c>mlContext.Regression.Trainers</c>).</param>
    /// <param name="options">Every setting of the trainer.</param>
    /// <remarks>
    /// Input columns (from <c>ComputeGomFingerprints</c> and <c>BuildCrystalGraph</c>): <c>AtomicNumbers</c>,
    /// <c>AtomFingerprints</c>, <c>NeighborIndices</c>, <c>NeighborDistances</c>, and the label. Output columns: <c>Score</c> (Single, the prediction in label units).
    /// Characteristics: needs no normalization or caching (the trainer materializes the graphs once); trains on the CPU
    /// or a GPU; progress and per-epoch metrics go to <c>mlContext.Log</c> (source <c>EosNetTrainer</c>); rows with a
    /// missing (NaN) label are skipped. The trained transformer works with Evaluate, CrossValidate, PredictionEngine,
    /// Model.Save/Load and ONNX export.
    /// </remarks>
    public static EosNetTrainer EosNet(this RegressionCatalog.RegressionTrainers catalog, EosNetTrainerOptions options)
        => new(Internal.MlNetBridge.EnvironmentOf(catalog), options, ModelTask.Regression);

    /// <summary>EOSnet binary classification: the paper's gated graph network with a two-class head.</summary>
    /// <param name="catalog">The binary-classification trainers (<c>mlContext.BinaryClassification.Trainers</c>).</param>
    /// <param name="labelColumnName">The label column: a Boolean scalar (or numeric: non-zero is true).</param>
    /// <param name="epochs">Training epochs (reference: <see cref="TrainingOptions.DefaultEpochs"/>).</param>
    /// <param name="batchSize">Structures per mini-batch (reference: <see cref="TrainingOptions.DefaultBatchSize"/>).</param>
    /// <param name="learningRate">Initial learning rate of the optimiser (reference: <see cref="TrainingOptions.DefaultLearningRate"/>).</param>
    /// <param name="seed">Seed of initialisation, shuffling and the validation split; null draws one from the context.</param>
    /// <param name="device">"auto" (CUDA when present, else the CPU), "cpu" or "cuda:N".</param>
    /// <remarks>
    /// Input columns (from <c>ComputeGomFingerprints</c> and <c>BuildCrystalGraph</c>): <c>AtomicNumbers</c>,
    /// <c>AtomFingerprints</c>, <c>NeighborIndices</c>, <c>NeighborDistances</c>, and the label. Output columns: <c>Score</c> (Single, the logit), <c>Probability</c> (Single) and <c>PredictedLabel</c> (Boolean, Score &gt; 0).
    /// Characteristics: needs no normalization or caching (the trainer materializes the graphs once); trains on the CPU
    /// or a GPU; progress and per-epoch metrics go to <c>mlContext.Log</c> (source <c>EosNetTrainer</c>); rows with a
    /// missing (NaN) label are skipped. The trained transformer works with Evaluate, CrossValidate, PredictionEngine,
    /// Model.Save/Load and ONNX export.
    /// </remarks>
    public static EosNetTrainer EosNet(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, string labelColumnName = CrystalColumns.Label,
        int epochs = TrainingOptions.DefaultEpochs, int batchSize = TrainingOptions.DefaultBatchSize, double learningRate = TrainingOptions.DefaultLearningRate,
        int? seed = null, string device = TrainingOptions.DefaultDevice)
        => EosNet(catalog, new EosNetTrainerOptions { LabelColumnName = labelColumnName, Epochs = epochs, BatchSize = batchSize, LearningRate = learningRate, Seed = seed, Device = device });

    /// <summary>EOSnet binary classification with full options (architecture, recipe, validation, fine-tuning, callbacks).</summary>
    /// <param name="catalog">The binary-classification trainers (<c>mlContext.BinaryClassification.Trainers</c>).</param>
    /// <param name="options">Every setting of the trainer.</param>
    /// <remarks>
    /// Input columns (from <c>ComputeGomFingerprints</c> and <c>BuildCrystalGraph</c>): <c>AtomicNumbers</c>,
    /// <c>AtomFingerprints</c>, <c>NeighborIndices</c>, <c>NeighborDistances</c>, and the label. Output columns: <c>Score</c> (Single, the logit), <c>Probability</c> (Single) and <c>PredictedLabel</c> (Boolean, Score &gt; 0).
    /// Characteristics: needs no normalization or caching (the trainer materializes the graphs once); trains on the CPU
    /// or a GPU; progress and per-epoch metrics go to <c>mlContext.Log</c> (source <c>EosNetTrainer</c>); rows with a
    /// missing (NaN) label are skipped. The trained transformer works with Evaluate, CrossValidate, PredictionEngine,
    /// Model.Save/Load and ONNX export.
    /// </remarks>
    public static EosNetTrainer EosNet(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, EosNetTrainerOptions options)
        => new(Internal.MlNetBridge.EnvironmentOf(catalog), options, ModelTask.BinaryClassification);
}
