using EOSnet.Featurization;

namespace EOSnet.MLNet;

/// <summary>Options of <see cref="CheckpointImportExtensions.ImportEosNetCheckpoint(Microsoft.ML.ModelOperationsCatalog, string, EosNetCheckpointImportOptions?)"/>.</summary>
public sealed class EosNetCheckpointImportOptions
{
    /// <summary>
    /// The graph era the checkpoint was trained with. Leave null for the 17 published checkpoints (recognised by their
    /// SHA-256); required for any other checkpoint. A stated era that contradicts a recognised checkpoint is refused.
    /// </summary>
    public EosNetGraphEra? Era { get; set; }
    /// <summary>Device of the network: "cpu" (default), "cuda", "cuda:N" or "auto".</summary>
    public string Device { get; set; } = "cpu";
    /// <summary>Crystals per forward pass when scoring.</summary>
    public int PredictionBatchSize { get; set; } = Model.TrainingOptions.DefaultPredictionBatchSize;
    /// <summary>Threads used to featurize rows (0 = all cores).</summary>
    public int MaxDegreeOfParallelism { get; set; }
    /// <summary>Atoms with no neighbour within the radius: Error (default) or ReferencePadding (the authors' behaviour).</summary>
    public IsolatedAtomPolicy IsolatedAtoms { get; set; } = IsolatedAtomPolicy.Error;
    /// <summary>Name saved with a checkpoint that is not one of the published ones (default: the file name).</summary>
    public string? Name { get; set; }
    /// <summary>Target saved with a checkpoint that is not one of the published ones.</summary>
    public string? Target { get; set; }
    /// <summary>Units saved with a checkpoint that is not one of the published ones.</summary>
    public string? Units { get; set; }
    /// <summary>Licence saved with a checkpoint that is not one of the published ones.</summary>
    public string? Licence { get; set; }
}

/// <summary>A checkpoint could not be imported; the message says why and what to state.</summary>
public sealed class EosNetImportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EosNetImportException(string message, Exception? inner = null) : base(message, inner) { }
}
