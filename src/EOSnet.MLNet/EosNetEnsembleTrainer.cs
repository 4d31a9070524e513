using EOSnet.Model;
using EOSnet.MLNet.Evaluation;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>
/// Trains a deep ensemble of EOSnet models (see <see cref="EosNetEnsembleOptions"/>). Created by
/// <c>mlContext.Regression.Trainers.EosNetEnsemble(...)</c> or <c>mlContext.BinaryClassification.Trainers.EosNetEnsemble(...)</c>;
/// the fitted <see cref="EosNetEnsembleTransformer"/> saves and loads like the single model.
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
        Task = task;
        _ = Member(0, null); // validates the recipe
    }

    /// <summary>The task.</summary>
    public ModelTask Task { get; }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var shape = Member(0, null).GetOutputSchema(inputSchema);
        var uncertainty = SchemaShapeColumns.Create(CrystalColumns.Uncertainty, SchemaShape.Column.VectorKind.Scalar, Microsoft.ML.Data.NumberDataViewType.Single);
        return SchemaShapeColumns.AddOrReplace(shape, new[] { uncertainty });
    }

    /// <inheritdoc />
    public EosNetEnsembleTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // The split's own context, seeded like the CLI's, so the shared validation rows depend on the seed alone.
        var ml = new MLContext(_options.Seed);
        IDataView train = input, validation = _options.Trainer.ValidationSet!;
        if (validation is null && _options.Trainer.ValidationFraction > 0)
        {
            var split = ml.Data.TrainTestSplit(input, _options.Trainer.ValidationFraction, seed: _options.Seed);
            train = split.TrainSet;
            validation = ml.Data.Cache(split.TestSet);
        }
        var members = new List<EosNetPredictionTransformer>();
        for (int k = 0; k < _options.Members; k++)
        {
            _options.OnMemberStart?.Invoke(k, _options.Seed + k);
            members.Add(Member(k, validation).Fit(train));
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

    /// <summary>Member k's trainer: the recipe with seed + k, the shared validation set and its own checkpoint file.</summary>
    private EosNetTrainer Member(int k, IDataView? validation)
    {
        var o = _options.Trainer.Clone();
        o.Seed = _options.Seed + k;
        o.ValidationSet = validation;
        if (k > 0 && o.CheckpointPath is string path)
            o.CheckpointPath = Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}.seed{o.Seed}{Path.GetExtension(path)}");
        return new EosNetTrainer(_env, o, Task);
    }
}
