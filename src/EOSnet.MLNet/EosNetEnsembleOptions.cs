namespace EOSnet.MLNet;

/// <summary>
/// Options of <see cref="EosNetEnsembleTrainer"/>: a deep ensemble of <see cref="Members"/> EOSnet models trained with
/// seeds <see cref="Seed"/> … <see cref="Seed"/> + N − 1 on one shared validation split, for the recipe
/// <see cref="Trainer"/> and for each of the <see cref="AdditionalRecipes"/> (a mixed v1 + v2 ensemble).
/// </summary>
public sealed class EosNetEnsembleOptions
{
    /// <summary>Number of members N (at least 1).</summary>
    public int Members { get; set; } = 3;

    /// <summary>
    /// The recipe every member trains with. Its <c>Seed</c> is replaced by the member's seed. Its <c>ValidationSet</c>,
    /// when given, is the shared validation set (members then train on all rows); otherwise
    /// <c>ValidationFraction</c> of the rows is held out once, drawn from <see cref="Seed"/>, and every member selects
    /// its epochs on those rows (0: no validation). With a <c>CheckpointPath</c>, member k ≥ 1 writes
    /// <c>NAME.seedS.EXT</c> beside it (S its seed).
    /// </summary>
    public EosNetTrainerOptions Trainer { get; set; } = new();

    /// <summary>
    /// Further recipes, typically another network (a v2 recipe beside a v1 <see cref="Trainer"/>): each trains
    /// <see cref="Members"/> more members with the same seeds on the same validation split, and the ensemble averages
    /// all of them (the first recipe's members first). Each keeps its own network, shape and schedule; its label column
    /// must be <see cref="Trainer"/>'s, and its own <c>ValidationSet</c>/<c>ValidationFraction</c> are replaced by the
    /// shared split. A mixed v1 + v2 ensemble reads both <c>BuildCrystalGraph</c>'s and <c>BuildEquivariantGraph</c>'s
    /// columns. With a <c>CheckpointPath</c>, recipe r ≥ 1 writes <c>NAME.recipeR.seedS.EXT</c>.
    /// </summary>
    public IList<EosNetTrainerOptions> AdditionalRecipes { get; set; } = new List<EosNetTrainerOptions>();

    /// <summary>Seed of the first member and of the validation split.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Called before member k (0-based, over all recipes in order) starts training, with its seed.</summary>
    public Action<int, int>? OnMemberStart { get; set; }

    /// <summary>Called after the fit with the validation metric (MAE or ROC-AUC) of the ensemble and of each member.</summary>
    public Action<EosNetEnsembleValidation>? OnValidation { get; set; }
}

/// <summary>Validation metric of an ensemble and of each member alone, on the split they all selected epochs on.</summary>
/// <param name="Ensemble">The ensemble's metric (MAE for regression, ROC-AUC for classification).</param>
/// <param name="Members">Each member's metric, in member order (recipe by recipe, each in seed order).</param>
public sealed record EosNetEnsembleValidation(double Ensemble, IReadOnlyList<double> Members);

/// <summary>The prediction of an ensemble for one crystal.</summary>
/// <param name="Score">Regression: the members' mean; classification: the logit of <paramref name="Probability"/>.</param>
/// <param name="Probability">Classification: the members' mean probability (regression: NaN).</param>
/// <param name="Uncertainty">Sample standard deviation (N − 1) of the members' scores (regression) or probabilities (classification); 0 for one member.</param>
public readonly record struct EosNetEnsemblePrediction(float Score, float Probability, float Uncertainty);
