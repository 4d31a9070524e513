using System.CommandLine;
using EOSnet.Cli.Workflows;
using EOSnet.Model;
using EOSnet.Model.Equivariant;
using EOSnet.MLNet;

namespace EOSnet.Cli.Commands;

/// <summary>Options shared by the training verbs.</summary>
public sealed class TrainingArguments
{
    /// <summary>The trainer's defaults, which the options below show and use (the CLI has none of its own).</summary>
    private static readonly EosNetTrainerOptions Defaults = new();

    /// <summary>--epochs.</summary>
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Training epochs", DefaultValueFactory = _ => Defaults.Epochs };
    /// <summary>--batch-size.</summary>
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Crystals per batch", DefaultValueFactory = _ => Defaults.BatchSize };
    /// <summary>--seed.</summary>
    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed", DefaultValueFactory = _ => TrainingRun.DefaultSeed };
    /// <summary>--threads.</summary>
    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch threads (0 = all cores)", DefaultValueFactory = _ => Defaults.Threads };
    /// <summary>--device.</summary>
    public Option<string> Device { get; } = new("--device") { Description = "auto | cpu | cuda | cuda:N", DefaultValueFactory = _ => Defaults.Device };
    /// <summary>--patience.</summary>
    public Option<int?> Patience { get; } = new("--patience") { Description = "Early stopping after N epochs without improvement" };
    /// <summary>--task.</summary>
    public Option<string> Task { get; } = new("--task") { Description = "auto | regression | classification", DefaultValueFactory = _ => "auto" };
    /// <summary>--limit.</summary>
    public Option<int?> Limit { get; } = new("--limit") { Description = "Use only the first N structures (quick runs)" };
    /// <summary>--folds.</summary>
    public Option<string?> Folds { get; } = new("--folds") { Description = "Matbench folds file (default: <name>.folds.json beside a Matbench file)" };
    /// <summary>--strict.</summary>
    public Option<bool> Strict { get; } = new("--strict") { Description = "Any unreadable input file is fatal" };

    /// <summary>--features.</summary>
    public Option<string> Features { get; } = new("--features") { Description = "Atom features: onehot | gom-s (reference) | gom-sp", DefaultValueFactory = _ => "gom-s" };
    /// <summary>--schedule.</summary>
    public Option<string> Schedule { get; } = new("--schedule") { Description = FormattableString.Invariant($"paper (warm-up {Defaults.WarmupEpochs}, ×{Defaults.Gamma} at {string.Join("/", Defaults.Milestones)}) | budget (×0.1 at 70 %/90 % of --epochs) | cosine (budget's warm-up, then half a cosine to 0)"), DefaultValueFactory = _ => CliSchedules.Paper };
    /// <summary>--ema.</summary>
    public Option<double> Ema { get; } = new("--ema") { Description = "Average the weights with this decay after every step (e.g. 0.99; 0 = off); validation and the saved model use the average", DefaultValueFactory = _ => Defaults.EmaDecay };
    /// <summary>--preset.</summary>
    public Option<string?> Preset { get; } = new("--preset") { Description = $"paper | budget | {CliSchedules.CosineAveragePreset}: a named recipe (EosNetPresets; {CliSchedules.CosineAveragePreset} was v2); sets --schedule and --ema, and --batch-size unless given" };

    /// <summary>--loss.</summary>
    public Option<string> Loss { get; } = new("--loss") { Description = "Regression loss on the standardised label: mse (the reference) | l1 (mean absolute error, Matbench's metric)", DefaultValueFactory = _ => RegressionLossFunction.Name(Defaults.Loss) };

    /// <summary>--weight-decay.</summary>
    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "Adam weight decay (an L2 term in the gradient; with --adamw, AdamW's decay of the weights)", DefaultValueFactory = _ => Defaults.WeightDecay };
    /// <summary>--adamw.</summary>
    public Option<bool> AdamW { get; } = new("--adamw") { Description = "Decoupled weight decay (AdamW): weights × (1 − lr·decay) every step" };
    /// <summary>--atom-embedding.</summary>
    public Option<int> AtomEmbedding { get; } = new("--atom-embedding") { Description = $"Atom embedding width of the convolutions (the paper's {Defaults.AtomEmbedding})", DefaultValueFactory = _ => Defaults.AtomEmbedding };
    /// <summary>--conv-layers.</summary>
    public Option<int> ConvLayers { get; } = new("--conv-layers") { Description = $"Number of graph convolutions (the paper's {Defaults.ConvLayers})", DefaultValueFactory = _ => Defaults.ConvLayers };

    /// <summary>--learning-rate.</summary>
    public Option<double> LearningRate { get; } = new("--learning-rate") { Description = FormattableString.Invariant($"Adam learning rate (fine-tuning usually wants less than the default {Defaults.LearningRate})"), DefaultValueFactory = _ => Defaults.LearningRate };
    /// <summary>--fine-tune.</summary>
    public Option<string?> FineTune { get; } = new("--fine-tune") { Description = "Start from a trained model: an EOSnet model.zip, or an authors' checkpoint (.pth.tar, with --era); fresh target normaliser and optimiser" };
    /// <summary>--era.</summary>
    public Option<string?> Era { get; } = new("--era") { Description = "Graph era of a --fine-tune checkpoint: current (raw edges, repeat-last padding) | paper (L2 edges, index-0 padding); see the models README" };
    /// <summary>--freeze-convolutions.</summary>
    public Option<bool> FreezeConvolutions { get; } = new("--freeze-convolutions") { Description = "With --fine-tune: freeze the atom embedding and the convolutions; only the head trains" };

    /// <summary>--model.</summary>
    public Option<string> Network { get; } = new("--model") { Description = "Network: v1 (the paper's gated graph network, the default) | v2 (the authors' E(3)-equivariant e3nn network; regression only, every neighbour within --v2-cutoff) | v1+v2 (an ensemble of --ensemble N members of each network, one shared validation split; regression only)", DefaultValueFactory = _ => "v1" };
    /// <summary>--v2-size.</summary>
    public Option<string> V2Size { get; } = new("--v2-size") { Description = "With --model v2: default (the reference's shape, 808,545 parameters) | small (4x0e+2x1o+2x2e, 2 blocks, 13,605 parameters)", DefaultValueFactory = _ => "default" };

    /// <summary>--v2-cutoff.</summary>
    public Option<double> V2Cutoff { get; } = new("--v2-cutoff") { Description = FormattableString.Invariant($"With --model v2: edge and radial cutoff in Å (the reference's {EosNetV2Config.Default.RadialCutoff}; 5 was chosen on validation for a CPU budget, docs/accuracy.md)"), DefaultValueFactory = _ => EosNetV2Config.Default.RadialCutoff };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command c)
    {
        foreach (var o in new Option[] { Epochs, BatchSize, Seed, Threads, Device, Patience, Task, Limit, Folds, Strict, Features, Schedule, Ema, Preset, Loss, WeightDecay, AdamW, AtomEmbedding, ConvLayers,
            LearningRate, FineTune, Era, FreezeConvolutions, Network, V2Size, V2Cutoff }) c.Add(o);
    }

    /// <summary>Parses --loss.</summary>
    private static RegressionLoss ParseLoss(string loss)
    {
        try { return RegressionLossFunction.Parse(loss); }
        catch (ArgumentException) { throw new CliUsageException($"unknown --loss '{loss}'; use mse or l1"); }
    }

    /// <summary>Parses --era (null when not given).</summary>
    public static GraphEra? ParseEra(string? era) => era switch
    {
        null => null,
        "current" => GraphEra.Current,
        "paper" => GraphEra.Paper,
        _ => throw new CliUsageException($"unknown --era '{era}'; use current or paper"),
    };

    /// <summary>The run: trainer options from the command line (the trainer's defaults where an option is not given).</summary>
    public TrainingRun Run(ParseResult r)
    {
        var features = r.GetValue(Features) switch
        {
            "onehot" => FeatureSet.OneHot,
            "gom-s" => FeatureSet.GomS,
            "gom-sp" => FeatureSet.GomSP,
            var f => throw new CliUsageException($"unknown --features '{f}'; use onehot, gom-s or gom-sp"),
        };
        var schedule = r.GetValue(Schedule)!;
        if (!CliSchedules.Names.Contains(schedule)) throw new CliUsageException($"unknown --schedule '{schedule}'; use {string.Join(", ", CliSchedules.Names)}");
        var o = new EosNetTrainerOptions
        {
            Epochs = r.GetValue(Epochs), BatchSize = r.GetValue(BatchSize), Seed = r.GetValue(Seed), Threads = r.GetValue(Threads), Device = r.GetValue(Device)!,
            EarlyStoppingPatience = r.GetValue(Patience),
            EmaDecay = r.GetValue(Ema) is >= 0 and < 1 and var ema ? ema : throw new CliUsageException($"--ema {r.GetValue(Ema)}: use a decay in [0, 1) (0 = off)"),
            WeightDecay = r.GetValue(WeightDecay) is >= 0 and var wd ? wd : throw new CliUsageException($"--weight-decay {r.GetValue(WeightDecay)}: use a decay ≥ 0"),
            DecoupledWeightDecay = r.GetValue(AdamW),
            AtomEmbedding = r.GetValue(AtomEmbedding) is >= 1 and var width ? width : throw new CliUsageException($"--atom-embedding {r.GetValue(AtomEmbedding)}: use a width ≥ 1"),
            ConvLayers = r.GetValue(ConvLayers) is >= 1 and var layers ? layers : throw new CliUsageException($"--conv-layers {r.GetValue(ConvLayers)}: use at least 1"),
            LearningRate = r.GetValue(LearningRate) is > 0 and var lr ? lr : throw new CliUsageException($"--learning-rate {r.GetValue(LearningRate)}: use a positive rate"),
            Loss = ParseLoss(r.GetValue(Loss)!),
        };
        if (o.DecoupledWeightDecay && o.WeightDecay == 0) throw new CliUsageException("--adamw needs --weight-decay > 0");
        if (r.GetValue(Preset) is { } preset) schedule = CliSchedules.ApplyPreset(o, preset, batchSizeGiven: r.GetResult(BatchSize) is { Implicit: false });
        if (r.GetValue(Network) == MixedModel) return MixedRun(r, o, features, schedule);
        if (ParseNetwork(r) == NetworkKind.V2) return V2Run(r, o, features, schedule);
        var era = FineTuneSettings.Apply(o, r.GetValue(FineTune), ParseEra(r.GetValue(Era)), r.GetValue(FreezeConvolutions));
        return TrainingRun.Create(o, features, schedule) with { FineTune = r.GetValue(FineTune), Era = era };
    }

    /// <summary>Parses --model.</summary>
    private NetworkKind ParseNetwork(ParseResult r) => r.GetValue(Network) switch
    {
        "v1" => NetworkKind.V1,
        "v2" => NetworkKind.V2,
        var n => throw new CliUsageException($"unknown --model '{n}'; use v1, v2 or {MixedModel}"),
    };

    /// <summary>The --model value of a mixed ensemble.</summary>
    private const string MixedModel = "v1+v2";

    /// <summary>
    /// A v1 + v2 run: the v1 recipe as given, and a v2 recipe sharing its schedule, preset, epochs, batch size, learning
    /// rate and seed, with v2's shape (--v2-size, --v2-cutoff) and the v1-only settings at their defaults.
    /// </summary>
    private TrainingRun MixedRun(ParseResult r, EosNetTrainerOptions o, FeatureSet features, string schedule)
    {
        if (r.GetValue(FineTune) is not null) throw new CliUsageException($"--fine-tune is not supported with --model {MixedModel}: fine-tune a v1 or a v2 model");
        var v2 = o.Clone();
        (v2.WeightDecay, v2.DecoupledWeightDecay, v2.AtomEmbedding, v2.ConvLayers) = (Defaults.WeightDecay, Defaults.DecoupledWeightDecay, Defaults.AtomEmbedding, Defaults.ConvLayers);
        v2.Network = NetworkKind.V2;
        v2.V2Config = ParseV2Config(r);
        var era = FineTuneSettings.Apply(o, null, ParseEra(r.GetValue(Era)), r.GetValue(FreezeConvolutions));
        return TrainingRun.Create(o, features, schedule) with { Era = era, MixedV2 = TrainingRun.Create(v2, features, schedule).Trainer };
    }

    /// <summary>A v2 run: the shared recipe options (schedule, preset and weight average included); the v1-only ones are refused when given.</summary>
    private TrainingRun V2Run(ParseResult r, EosNetTrainerOptions o, FeatureSet features, string schedule)
    {
        var v1Only = new Option[] { WeightDecay, AdamW, AtomEmbedding, ConvLayers, Era, FreezeConvolutions }
            .Where(option => r.GetResult(option) is { Implicit: false }).Select(option => option.Name).ToList();
        if (v1Only.Count > 0) throw new CliUsageException($"--model v2 trains without weight decay, with its own shape (--v2-size), from scratch or from a v2 model.zip; {string.Join(", ", v1Only)} apply to v1 only");
        o.Network = NetworkKind.V2;
        o.V2Config = ParseV2Config(r);
        FineTuneSettings.Apply(o, r.GetValue(FineTune), era: null, freeze: false);
        return TrainingRun.Create(o, features, schedule) with { FineTune = r.GetValue(FineTune) };
    }

    /// <summary>Parses --v2-size and --v2-cutoff.</summary>
    private EosNetV2Config ParseV2Config(ParseResult r) => r.GetValue(V2Size) switch
    {
        "default" => EosNetV2Config.Default,
        "small" => EosNetV2Config.Small,
        var size => throw new CliUsageException($"unknown --v2-size '{size}'; use default or small"),
    } with { RadialCutoff = r.GetValue(V2Cutoff) };

    /// <summary>The task (auto: classification when every target is 0 or 1).</summary>
    public ModelTask ResolveTask(ParseResult r, Dataset d) => r.GetValue(Task) switch
    {
        "regression" => ModelTask.Regression,
        "classification" => ModelTask.BinaryClassification,
        "auto" => d.LooksBinary ? ModelTask.BinaryClassification : ModelTask.Regression,
        var t => throw new CliUsageException($"unknown task '{t}'; use auto, regression or classification"),
    };
}
