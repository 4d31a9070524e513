using System.Security.Cryptography;
using EOSnet.Model;
using EOSnet.Model.Import;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>Imports the EOSnet authors' PyTorch checkpoints as complete ML.NET models.</summary>
public static class CheckpointImportExtensions
{
    /// <summary>
    /// Reads an EOSnet PyTorch checkpoint (<c>model_best.pth.tar</c>, read without executing any pickled code) and
    /// returns the complete model: GOM fingerprints → crystal graph (the checkpoint's era) → EOSnet predictor, ready
    /// for <c>Transform</c>, <c>PredictionEngine</c>, <c>ml.Model.Save</c> and ONNX export, like a model from
    /// <see cref="EosNetTrainer"/>. Its <see cref="EosNetModelParameters.Info"/> says what it predicts.
    /// </summary>
    /// <param name="catalog">The model catalog of the ML.NET context (<c>ml.Model</c>).</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="options">Era (required unless the file is one of the 17 published checkpoints), device and
    /// metadata; null for the defaults.</param>
    /// <exception cref="EosNetImportException">The era is unknown or contradicts the recognised checkpoint, or the
    /// checkpoint does not fit the EOSnet v1 network.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable PyTorch checkpoint.</exception>
    public static TransformerChain<EosNetPredictionTransformer> ImportEosNetCheckpoint(this ModelOperationsCatalog catalog, string path,
        EosNetCheckpointImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: checkpoint not found", path);
        using var fs = File.OpenRead(path);
        return ImportEosNetCheckpoint(catalog, fs, path, options);
    }

    /// <summary>Imports a checkpoint from a stream (see the overload taking a path).</summary>
    /// <param name="catalog">The model catalog of the ML.NET context (<c>ml.Model</c>).</param>
    /// <param name="checkpoint">The checkpoint bytes (read to the end).</param>
    /// <param name="source">Names the checkpoint in messages and in the saved metadata (a file name or path).</param>
    /// <param name="options">Era, device and metadata; null for the defaults.</param>
    public static TransformerChain<EosNetPredictionTransformer> ImportEosNetCheckpoint(this ModelOperationsCatalog catalog, Stream checkpoint,
        string source, EosNetCheckpointImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new EosNetCheckpointImportOptions();
        using var buffer = new MemoryStream();
        checkpoint.CopyTo(buffer);
        string sha = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        var info = Describe(source, sha, options);
        buffer.Position = 0;
        var ckpt = PyTorchCheckpoint.Load(buffer, source);
        var env = MlNetBridge.EnvironmentOf(catalog);
        MlNetBridge.SelfCheck();
        EosNetRegistration.Register(env);
        return Build(env, ckpt, info, options);
    }

    /// <summary>The metadata of a checkpoint: the published entry, or one made from the options (era required).</summary>
    private static EosNetModelInfo Describe(string source, string sha, EosNetCheckpointImportOptions options)
    {
        var known = PublishedEosNetCheckpoints.FindBySha256(sha);
        if (known is not null)
        {
            if (options.Era is { } stated && stated != known.Era)
                throw new EosNetImportException($"{source}: this is the published checkpoint {known.Name}, trained with the {known.Era.Describe()} graph; " +
                    $"the stated era {stated.Describe()} would give wrong numbers without any error. Leave the era unset.");
            return known;
        }
        var era = options.Era ?? throw new EosNetImportException($"{source}: not one of the 17 published EOSnet checkpoints (SHA-256 {sha}), so its graph era " +
            $"cannot be recognised. State it: EosNetCheckpointImportOptions.Era = EosNetGraphEra.Paper ({EosNetGraphEra.Paper.Describe()}) or " +
            $"EosNetGraphEra.Current ({EosNetGraphEra.Current.Describe()}); on the command line --era paper|current.");
        return new EosNetModelInfo
        {
            Name = options.Name ?? StemOf(source),
            Target = options.Target ?? "unknown",
            Units = options.Units ?? "unknown",
            Task = ModelTask.Regression, // replaced by the checkpoint's own task in Build
            Era = era,
            Source = source,
            Licence = options.Licence ?? "unknown",
            Sha256 = sha,
        };
    }

    /// <summary>Builds the three-transformer chain for a checkpoint in a given era (tests build wrong eras on purpose).</summary>
    internal static TransformerChain<EosNetPredictionTransformer> Build(IHostEnvironment env, PyTorchCheckpoint ckpt, EosNetModelInfo info,
        EosNetCheckpointImportOptions options)
    {
        var architecture = ArchitectureOf(ckpt, info.Era);
        if (info.Sha256 is not null && PublishedEosNetCheckpoints.FindBySha256(info.Sha256) is { } known && known.Task != architecture.Task)
            throw new EosNetImportException($"{ckpt.Source}: the checkpoint's task {architecture.Task} differs from the published {known.Name} ({known.Task})");
        info = info with { Task = architecture.Task };
        var normalizer = architecture.Task == ModelTask.Regression ? new TargetNormalizer(ckpt.TargetMean, ckpt.TargetStd) : TargetNormalizer.Identity;
        EosNetModel model;
        try { model = EosNetModel.FromStateDict(architecture, normalizer, ckpt.StateDict, options.Device); }
        catch (InvalidDataException e) { throw new EosNetImportException($"{ckpt.Source}: the checkpoint does not fit the EOSnet v1 network ({e.Message})", e); }
        var gom = new GomFingerprintTransformer(env, new GomFingerprintOptions
        {
            FingerprintLength = architecture.FingerprintLength,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
        });
        var graph = new CrystalGraphTransformer(env, new CrystalGraphOptions
        {
            Radius = architecture.GaussianMax,
            MaxNeighbors = architecture.MaxNeighbors,
            Padding = info.Era.NeighborPadding(),
            IsolatedAtoms = options.IsolatedAtoms,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
        });
        var settings = new EosNetPredictionTransformer.PredictorSettings(CrystalColumns.AtomicNumbers, CrystalColumns.AtomFingerprints,
            CrystalColumns.NeighborIndices, CrystalColumns.NeighborDistances, architecture.FingerprintLength, architecture.MaxNeighbors,
            options.PredictionBatchSize, options.Device, CrystalColumns.AtomFingerprints);
        var predictor = new EosNetPredictionTransformer(env, model, settings, info);
        return new TransformerChain<EosNetPredictionTransformer>(gom, graph, predictor);
    }

    /// <summary>The v1 architecture the checkpoint's arguments and tensor shapes describe.</summary>
    /// <summary>The reference architecture: the fallbacks of settings a checkpoint does not record.</summary>
    private static readonly EosNetArchitecture Reference = new();

    private static EosNetArchitecture ArchitectureOf(PyTorchCheckpoint ckpt, EosNetGraphEra era)
    {
        if (!ckpt.Shapes.TryGetValue("embedding.weight", out var embedding) || embedding.Length != 2)
            throw new EosNetImportException($"{ckpt.Source}: no 'embedding.weight' matrix: not an EOSnet v1 checkpoint");
        int fingerprintLength = checked((int)embedding[1]) - EosNetArchitecture.OneHotLength;
        if (fingerprintLength < 0) throw new EosNetImportException($"{ckpt.Source}: the embedding takes {embedding[1]} values, fewer than the one-hot part");
        return new EosNetArchitecture
        {
            Task = string.Equals(ckpt.Task, "classification", StringComparison.Ordinal) ? ModelTask.BinaryClassification : ModelTask.Regression,
            FingerprintLength = fingerprintLength,
            AtomEmbedding = checked((int)embedding[0]),
            ConvLayers = ckpt.IntArg("n_conv", Reference.ConvLayers),
            HiddenLength = ckpt.IntArg("h_fea_len", Reference.HiddenLength),
            HiddenLayers = ckpt.IntArg("n_h", Reference.HiddenLayers),
            MaxNeighbors = ckpt.IntArg("max_num_nbr", Reference.MaxNeighbors),
            GaussianMin = ckpt.DoubleArg("dmin", Reference.GaussianMin),
            GaussianMax = ckpt.DoubleArg("radius", Reference.GaussianMax),
            GaussianStep = ckpt.DoubleArg("step", Reference.GaussianStep),
            GaussianWidth = ckpt.DoubleArg("var", Reference.GaussianWidth),
            EdgeNormalization = era.EdgeNormalization(),
        }.Validate();
    }

    private static string StemOf(string source)
    {
        var name = Path.GetFileName(source);
        foreach (var suffix in new[] { ".model_best.pth.tar", ".pth.tar", ".pth", ".pt" })
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return name[..^suffix.Length];
        return name;
    }
}
