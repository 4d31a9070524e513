using System.Globalization;
using EOSnet.Crystals;
using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.Cli.Workflows;

/// <summary>Settings a CLI run passes to the EOSnet trainer.</summary>
public sealed record RunSettings(int Epochs, int BatchSize, int Seed, int Threads, string Device, double LearningRate = 1e-3, int WarmupEpochs = 20, int? Patience = null, string? Checkpoint = null, bool Resume = false,
    FeatureSet Features = FeatureSet.GomS, string Schedule = "paper", double EmaDecay = 0, double WeightDecay = 0, bool DecoupledWeightDecay = false,
    int AtomEmbedding = 64, int ConvLayers = 3, string? FineTune = null, GraphEra? Era = null, bool FreezeConvolutions = false)
{
    /// <summary>The network to start from (<c>--fine-tune</c>), or null to train from scratch.</summary>
    public EosNetInitialModel? InitialModel => FineTune is null ? null : EosNetInitialModel.FromFile(FineTune, Era);

    /// <summary>The warm-up actually used: at most a fifth of the epoch budget for short runs (budget and cosine schedules: the budget's).</summary>
    public int EffectiveWarmup => Schedule is "budget" or "cosine" ? EosNetPresets.Budget(Epochs).WarmupEpochs : Math.Min(WarmupEpochs, Math.Max(1, Epochs / 5));

    /// <summary>The learning-rate decay after the warm-up.</summary>
    public LearningRateSchedule DecayShape => Schedule == "cosine" ? LearningRateSchedule.Cosine : LearningRateSchedule.MultiStep;

    /// <summary>
    /// These settings with a named recipe of <see cref="EosNetPresets"/> (paper, budget, v2) at this epoch budget: its
    /// schedule, weight averaging and (unless <paramref name="batchSizeGiven"/>) batch size.
    /// </summary>
    public RunSettings WithPreset(string preset, bool batchSizeGiven)
    {
        var o = preset switch
        {
            "paper" => EosNetPresets.Paper(),
            "budget" => EosNetPresets.Budget(Epochs),
            "v2" => EosNetPresets.V2(Epochs),
            _ => throw new CliUsageException($"unknown --preset '{preset}'; use paper, budget or v2"),
        };
        string schedule = o.Schedule == LearningRateSchedule.Cosine ? "cosine" : preset == "paper" ? "paper" : "budget";
        return this with { Schedule = schedule, EmaDecay = o.EmaDecay, BatchSize = batchSizeGiven ? BatchSize : o.BatchSize };
    }

    /// <summary>LR decay milestones (after the warm-up): the paper's 100/200/400, or 70 %/90 % of the budget.</summary>
    public int[] Milestones => Schedule == "budget" ? EosNetPresets.Budget(Epochs).Milestones : new[] { 100, 200, 400 };
}

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

    /// <summary>The featurizers (reference settings, isolated atoms padded as the reference does).</summary>
    public static IEstimator<ITransformer> Featurizers(MLContext ml, FeatureSet features = FeatureSet.GomS) =>
        (features == FeatureSet.GomSP
            ? ml.Transforms.ComputeGomFingerprints(fingerprintLength: GomOptions.SPDefault.FingerprintLength, orbitals: GomOrbitals.SP)
            : ml.Transforms.ComputeGomFingerprints())
            .Append(ml.Transforms.BuildCrystalGraph(new CrystalGraphOptions { IsolatedAtoms = IsolatedAtomPolicy.ReferencePadding }));

    /// <summary>Fingerprint values per atom the network reads for a feature set (0: one-hot only).</summary>
    public static int FingerprintLength(FeatureSet features) => features switch
    {
        FeatureSet.OneHot => 0,
        FeatureSet.GomSP => GomOptions.SPDefault.FingerprintLength,
        _ => GomOptions.Default.FingerprintLength,
    };

    /// <summary>The EOSnet trainer with the run's settings.</summary>
    public static EosNetTrainer Trainer(MLContext ml, ModelTask task, RunSettings s, Action<EpochReport>? onEpoch, IDataView? validation = null)
    {
        var o = TrainerOptions(s, onEpoch, validation);
        return task == ModelTask.Regression ? ml.Regression.Trainers.EosNet(o) : ml.BinaryClassification.Trainers.EosNet(o);
    }

    /// <summary>
    /// A deep ensemble of <paramref name="members"/> models with the run's settings (seeds s.Seed …, one shared
    /// validation split drawn from s.Seed; <see cref="EosNetEnsembleTrainer"/>).
    /// </summary>
    public static EosNetEnsembleTrainer EnsembleTrainer(MLContext ml, ModelTask task, RunSettings s, int members, Action<EpochReport>? onEpoch,
        Action<int, int>? onMemberStart = null, Action<EosNetEnsembleValidation>? onValidation = null)
    {
        var o = new EosNetEnsembleOptions { Members = members, Seed = s.Seed, Trainer = TrainerOptions(s, onEpoch, null), OnMemberStart = onMemberStart, OnValidation = onValidation };
        return task == ModelTask.Regression ? ml.Regression.Trainers.EosNetEnsemble(o) : ml.BinaryClassification.Trainers.EosNetEnsemble(o);
    }

    private static EosNetTrainerOptions TrainerOptions(RunSettings s, Action<EpochReport>? onEpoch, IDataView? validation) => new()
    {
        Epochs = s.Epochs, BatchSize = s.BatchSize, Seed = s.Seed, Threads = s.Threads, Device = s.Device, LearningRate = s.LearningRate,
        WarmupEpochs = s.EffectiveWarmup, Milestones = s.Milestones, Schedule = s.DecayShape, EmaDecay = s.EmaDecay, WeightDecay = s.WeightDecay, DecoupledWeightDecay = s.DecoupledWeightDecay,
        AtomEmbedding = s.AtomEmbedding, ConvLayers = s.ConvLayers, FingerprintLength = FingerprintLength(s.Features), EarlyStoppingPatience = s.Patience, OnEpochEnd = onEpoch, ValidationSet = validation,
        CheckpointPath = s.Checkpoint, Resume = s.Resume, InitialModel = s.InitialModel, FreezeConvolutions = s.FreezeConvolutions,
    };

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
