using EOSnet.Model;
using EOSnet.MLNet.Evaluation;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>
/// Trains a deep ensemble of EOSnet models (see <see cref="EosNetEnsembleOptions"/>). Created by
/// <c>mlContext.Regression.Trainers.EosNetEnsemble(...)</c> or <c>mlContext.BinaryClassification.Trainers.EosNetEnsemble(...)</c>;
/// the fitted <see cref="EosNetEnsembleTransformer"/> saves and loads like the single model. With
/// <see cref="EosNetEnsembleOptions.AdditionalRecipes"/> the members may mix networks (v1 and v2).
/// </summary>
public sealed class EosNetEnsembleTrainer : IEstimator<EosNetEnsembleTransformer>
{
    private readonly IHostEnvironment _env;
    private readonly EosNetEnsembleOptions _options;

    /// <summary>Creates the trainer.</summary>
    /// <param name="env">The ML.NET environment.</param>
    /// <param name="options">Members, recipe and seed.</param>
    /// <param name="task">Regression or binary classification.</param>
    public EosNetEnsembleTrainer(IHostEnvironment env, EosNetEnsembleOptions options, ModelTask task)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Members < 1) throw new ArgumentOutOfRangeException(nameof(options), "an ensemble needs at least one member");
        ArgumentNullException.ThrowIfNull(options.Trainer, nameof(options));
        ArgumentNullException.ThrowIfNull(options.AdditionalRecipes, nameof(options));
        Task = task;
        for (int r = 1; r < Recipes.Count; r++)
        {
            var recipe = Recipes[r] ?? throw new ArgumentNullException(nameof(options), $"additional recipe {r - 1} is null");
            if (recipe.LabelColumnName != options.Trainer.LabelColumnName)
                throw new ArgumentException($"additional recipe {r - 1} reads label '{recipe.LabelColumnName}', the ensemble's first recipe '{options.Trainer.LabelColumnName}': every member must learn one label", nameof(options));
        }
        for (int r = 0; r < Recipes.Count; r++) _ = Member(r, 0, null); // validates each recipe
    }

    /// <summary>The recipes: <see cref="EosNetEnsembleOptions.Trainer"/>, then the additional ones.</summary>
    private IReadOnlyList<EosNetTrainerOptions> Recipes => _options.AdditionalRecipes.Prepend(_options.Trainer).ToList();

    /// <summary>The task.</summary>
    public ModelTask Task { get; }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var shape = Member(0, 0, null).GetOutputSchema(inputSchema);
        for (int r = 1; r < Recipes.Count; r++) _ = Member(r, 0, null).GetOutputSchema(inputSchema); // every recipe's columns
        var uncertainty = SchemaShapeColumns.Create(CrystalColumns.Uncertainty, SchemaShape.Column.VectorKind.Scalar, Microsoft.ML.Data.NumberDataViewType.Single);
        return SchemaShapeColumns.AddOrReplace(shape, new[] { uncertainty });
    }

    /// <inheritdoc />
    public EosNetEnsembleTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = GetOutputSchema(SchemaShapeColumns.Of(input.Schema)); // every recipe's columns, before any member trains
        // The split's own context, seeded like the CLI's, so the shared validation rows depend on the seed alone.
        var ml = new MLContext(_options.Seed);
        IDataView train = input, validation = _options.Trainer.ValidationSet!;
        if (validation is null && _options.Trainer.ValidationFraction > 0)
        {
            var split = ml.Data.TrainTestSplit(input, _options.Trainer.ValidationFraction, seed: _options.Seed);
            train = split.TrainSet;
            validation = ml.Data.Cache(split.TestSet);
            if (RowCount(validation) == 0)
                throw new ArgumentException(FormattableString.Invariant(
                    $"the ensemble's validation split (ValidationFraction {_options.Trainer.ValidationFraction} of {RowCount(input)} rows, seed {_options.Seed}) drew no rows; use another seed, a larger ValidationFraction or a ValidationSet"));
        }
        var members = new List<EosNetPredictionTransformer>();
        try
        {
            for (int r = 0; r < Recipes.Count; r++)
                for (int k = 0; k < _options.Members; k++)
                {
                    _options.OnMemberStart?.Invoke(members.Count, _options.Seed + k);
                    members.Add(Member(r, k, validation).Fit(train));
                }
        }
        catch
        {
            foreach (var m in members) m.Dispose();
            throw;
        }
        var fitted = new EosNetEnsembleTransformer(_env, members);
        if (_options.OnValidation is not null && validation is not null)
        {
            var kind = Task;
            string metric = Task == ModelTask.Regression ? "MAE" : "AUC";
            string label = _options.Trainer.LabelColumnName;
            var single = members.Select(m => FoldEvaluator.Metrics(ml, m.Transform(validation), kind, label)[metric]).ToArray();
            _options.OnValidation(new EosNetEnsembleValidation(FoldEvaluator.Metrics(ml, fitted.Transform(validation), kind, label)[metric], single));
        }
        return fitted;
    }

    private static long RowCount(IDataView data)
    {
        long n = 0;
        using var cursor = data.GetRowCursor(Array.Empty<Microsoft.ML.DataViewSchema.Column>());
        while (cursor.MoveNext()) n++;
        return n;
    }

    /// <summary>
    /// Recipe r's member k: the recipe with seed + k, the shared validation set (or none, as the first recipe) and its
    /// own checkpoint file.
    /// </summary>
    private EosNetTrainer Member(int r, int k, IDataView? validation)
    {
        var o = Recipes[r].Clone();
        o.Seed = _options.Seed + k;
        o.ValidationSet = validation;
        o.ValidationFraction = _options.Trainer.ValidationFraction;
        if ((r > 0 || k > 0) && o.CheckpointPath is string path)
            o.CheckpointPath = Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}{(r > 0 ? $".recipe{r}" : "")}.seed{o.Seed}{Path.GetExtension(path)}");
        return new EosNetTrainer(_env, o, Task);
    }
}
