using EOSnet.Model;
using Microsoft.ML;

namespace EOSnet.MLNet;

/// <summary><c>mlContext.Regression.Trainers.EosNetEnsemble(...)</c> and <c>mlContext.BinaryClassification.Trainers.EosNetEnsemble(...)</c>.</summary>
public static class EnsembleCatalogExtensions
{
    /// <summary>A deep ensemble of EOSnet regressors (Score = members' mean, Uncertainty = their standard deviation).</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="members">Number of members N.</param>
    /// <param name="trainer">The recipe of every member (null: the defaults).</param>
    /// <param name="seed">Seed of the first member and of the shared validation split; member k gets seed + k.</param>
    public static EosNetEnsembleTrainer EosNetEnsemble(this RegressionCatalog.RegressionTrainers catalog, int members = 3, EosNetTrainerOptions? trainer = null, int seed = 42)
        => EosNetEnsemble(catalog, new EosNetEnsembleOptions { Members = members, Trainer = trainer ?? new EosNetTrainerOptions(), Seed = seed });

    /// <summary>A deep ensemble of EOSnet regressors with full options.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="options">Members, recipe, seed and callbacks.</param>
    public static EosNetEnsembleTrainer EosNetEnsemble(this RegressionCatalog.RegressionTrainers catalog, EosNetEnsembleOptions options)
        => new(Internal.MlNetBridge.EnvironmentOf(catalog), options, ModelTask.Regression);

    /// <summary>A deep ensemble of EOSnet classifiers (Probability = members' mean, Uncertainty = their standard deviation).</summary>
    /// <param name="catalog">The binary-classification trainers.</param>
    /// <param name="members">Number of members N.</param>
    /// <param name="trainer">The recipe of every member (null: the defaults).</param>
    /// <param name="seed">Seed of the first member and of the shared validation split; member k gets seed + k.</param>
    public static EosNetEnsembleTrainer EosNetEnsemble(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, int members = 3, EosNetTrainerOptions? trainer = null, int seed = 42)
        => EosNetEnsemble(catalog, new EosNetEnsembleOptions { Members = members, Trainer = trainer ?? new EosNetTrainerOptions(), Seed = seed });

    /// <summary>A deep ensemble of EOSnet classifiers with full options.</summary>
    /// <param name="catalog">The binary-classification trainers.</param>
    /// <param name="options">Members, recipe, seed and callbacks.</param>
    public static EosNetEnsembleTrainer EosNetEnsemble(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, EosNetEnsembleOptions options)
        => new(Internal.MlNetBridge.EnvironmentOf(catalog), options, ModelTask.BinaryClassification);
}
