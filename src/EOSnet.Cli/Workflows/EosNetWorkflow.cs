using System.Globalization;
using EOSnet.Crystals;
using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Cli.Workflows;

/// <summary>Which atom features the network sees (the paper's ablation).</summary>
public enum FeatureSet
{
    /// <summary>Element one-hot only (no GOM).</summary>
    OneHot,
    /// <summary>One-hot + GOM with s orbitals, <see cref="GomOptions.DefaultFingerprintLength"/> values (the reference).</summary>
    GomS,
    /// <summary>One-hot + GOM with s and p orbitals (libfp convention), <see cref="GomOptions.SPFingerprintLength"/> values.</summary>
    GomSP,
}

/// <summary>The pipelines and data plumbing shared by train, evaluate, cv, compare and demo.</summary>
public static class EosNetWorkflow
{
    /// <summary>Crystal records → IDataView (binary label for classification).</summary>
    public static IDataView Load(MLContext ml, IEnumerable<CrystalRecord> records, ModelTask task) =>
        ml.Data.LoadFromCrystals(records, task == ModelTask.BinaryClassification ? CrystalLabelKind.Binary : CrystalLabelKind.Regression);

    /// <summary>
    /// The featurizers (reference settings): GOM fingerprints, then the v1 crystal graph (isolated atoms padded as the
    /// reference does) or the v2 edge list (every neighbour within <paramref name="run"/>'s v2 cutoff), or both for a
    /// v1 + v2 run.
    /// </summary>
    public static IEstimator<ITransformer> Featurizers(MLContext ml, FeatureSet features = FeatureSet.GomS, TrainingRun? run = null)
    {
        var gom = features == FeatureSet.GomSP
            ? ml.Transforms.ComputeGomFingerprints(fingerprintLength: GomOptions.SPDefault.FingerprintLength, orbitals: GomOrbitals.SP)
            : ml.Transforms.ComputeGomFingerprints();
        var edges = run?.EdgeCutoff is double cutoff ? gom.Append(ml.Transforms.BuildEquivariantGraph(cutoff)) : null;
        if (run?.Network == NetworkKind.V2) return edges!;
        var graph = ml.Transforms.BuildCrystalGraph(new CrystalGraphOptions { IsolatedAtoms = IsolatedAtomPolicy.ReferencePadding });
        return edges is null ? gom.Append(graph) : edges.Append(graph);
    }

    /// <summary>Fingerprint values per atom the network reads for a feature set (0: one-hot only).</summary>
    public static int FingerprintLength(FeatureSet features) => features switch
    {
        FeatureSet.OneHot => 0,
        FeatureSet.GomSP => GomOptions.SPDefault.FingerprintLength,
        _ => GomOptions.Default.FingerprintLength,
    };

    /// <summary>The EOSnet trainer with the run's settings.</summary>
    public static EosNetTrainer Trainer(MLContext ml, ModelTask task, TrainingRun run, Action<EpochReport>? onEpoch, IDataView? validation = null)
    {
        if (run.MixedV2 is not null) throw new CliUsageException("--model v1+v2 trains an ensemble (train it with the ensemble trainer)");
        var o = TrainerOptions(run.Trainer, onEpoch, validation);
        return task == ModelTask.Regression ? ml.Regression.Trainers.EosNet(o) : ml.BinaryClassification.Trainers.EosNet(o);
    }

    /// <summary>
    /// A deep ensemble of <paramref name="members"/> models with the run's settings (seeds run.Seed …, one shared
    /// validation split drawn from run.Seed; <see cref="EosNetEnsembleTrainer"/>); a v1 + v2 run trains
    /// <paramref name="members"/> of each network.
    /// </summary>
    public static EosNetEnsembleTrainer EnsembleTrainer(MLContext ml, ModelTask task, TrainingRun run, int members, Action<EpochReport>? onEpoch,
        Action<int, int>? onMemberStart = null, Action<EosNetEnsembleValidation>? onValidation = null)
    {
        var o = new EosNetEnsembleOptions { Members = members, Seed = run.Seed, Trainer = TrainerOptions(run.Trainer, onEpoch, null), OnMemberStart = onMemberStart, OnValidation = onValidation };
        if (run.MixedV2 is { } v2) o.AdditionalRecipes.Add(TrainerOptions(v2, onEpoch, null));
        return task == ModelTask.Regression ? ml.Regression.Trainers.EosNetEnsemble(o) : ml.BinaryClassification.Trainers.EosNetEnsemble(o);
    }

    /// <summary>A copy of a run's trainer options with this trainer's callback and validation data.</summary>
    private static EosNetTrainerOptions TrainerOptions(EosNetTrainerOptions recipe, Action<EpochReport>? onEpoch, IDataView? validation)
    {
        var o = recipe.Clone();
        o.OnEpochEnd = onEpoch;
        o.ValidationSet = validation;
        return o;
    }

    /// <summary>One line per epoch, plain text (safe when redirected).</summary>
    public static Action<EpochReport> EpochPrinter(CliOutput o, ModelTask task) => r =>
    {
        var c = EpochCells(r, task);
        string metric = task == ModelTask.Regression ? $"val MAE {c[2]}" : $"val AUC {c[2]}";
        o.Line(FormattableString.Invariant($"epoch {r.Epoch + 1,4}  loss {r.TrainLoss,8:F4}  {metric}  lr {c[3]}  {r.Seconds,6:F1} s{(r.IsBest ? "  *" : "")}"));
        RecordEpoch(o, r);
    };

    /// <summary>Column titles of the epoch table.</summary>
    public static string[] EpochColumns(ModelTask task) => new[] { "epoch", "loss", task == ModelTask.Regression ? "val MAE" : "val AUC", "lr", "s", "best" };

    /// <summary>The cells of one epoch row (see <see cref="EpochColumns"/>).</summary>
    public static string[] EpochCells(EpochReport r, ModelTask task) => new[]
    {
        (r.Epoch + 1).ToString(CultureInfo.InvariantCulture),
        r.TrainLoss.ToString("F4", CultureInfo.InvariantCulture),
        (task == ModelTask.Regression ? r.ValidationMae : r.ValidationAuc)?.ToString("F4", CultureInfo.InvariantCulture) ?? "-",
        r.LearningRate.ToString("0.0e+0", CultureInfo.InvariantCulture),
        r.Seconds.ToString("F1", CultureInfo.InvariantCulture),
        r.IsBest ? "*" : "",
    };

    /// <summary>The JSON record of an epoch (JSON mode only).</summary>
    public static void RecordEpoch(CliOutput o, EpochReport r) =>
        o.Record(new { kind = "epoch", epoch = r.Epoch + 1, r.TrainLoss, r.ValidationMae, r.ValidationAuc, r.ValidationAccuracy, r.LearningRate, r.Seconds, r.IsBest });

    /// <summary>Ids, labels and scores of a scored view.</summary>
    public static (string[] Ids, double[] Labels, double[] Scores, double[]? Probabilities) Read(IDataView scored, ModelTask task)
    {
        var ids = scored.GetColumn<ReadOnlyMemory<char>>(CrystalColumns.Id).Select(x => x.ToString()).ToArray();
        var scores = scored.GetColumn<float>(CrystalColumns.Score).Select(x => (double)x).ToArray();
        double[] labels = scored.Schema.GetColumnOrNull(CrystalColumns.Label) is null ? Array.Empty<double>()
            : task == ModelTask.Regression ? scored.GetColumn<float>(CrystalColumns.Label).Select(x => (double)x).ToArray()
            : scored.GetColumn<bool>(CrystalColumns.Label).Select(x => x ? 1.0 : 0.0).ToArray();
        var probs = task == ModelTask.BinaryClassification ? scored.GetColumn<float>(CrystalColumns.Probability).Select(x => (double)x).ToArray() : null;
        return (ids, labels, scores, probs);
    }

    /// <summary>The ensemble's Uncertainty column of a scored view (null for a single model).</summary>
    public static double[]? ReadUncertainty(IDataView scored) =>
        scored.Schema.GetColumnOrNull(CrystalColumns.Uncertainty) is null ? null : scored.GetColumn<float>(CrystalColumns.Uncertainty).Select(x => (double)x).ToArray();

    /// <summary>Spearman's ρ between the uncertainty and the absolute error of the prediction (score or probability).</summary>
    public static double UncertaintySpearman(IReadOnlyList<double> labels, IReadOnlyList<double> predictions, IReadOnlyList<double> uncertainty) =>
        MLNet.Evaluation.RankCorrelation.Spearman(uncertainty, labels.Select((l, i) => Math.Abs(predictions[i] - l)).ToArray());

    /// <summary>The EOSnet model (single or ensemble) inside a loaded pipeline and its task.</summary>
    public static (ITransformer Model, ModelTask Task) FindModel(ITransformer model)
    {
        var found = Flatten(model).LastOrDefault(t => t is EosNetPredictionTransformer or EosNetEnsembleTransformer)
            ?? throw new CliUsageException("the model has no EOSnet predictor");
        return (found, found is EosNetEnsembleTransformer e ? e.Task : ((EosNetPredictionTransformer)found).Task);
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer t) =>
        t is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : new[] { t };
}
