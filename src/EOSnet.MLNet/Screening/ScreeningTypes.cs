using Microsoft.ML;

namespace EOSnet.MLNet.Screening;

/// <summary>
/// A named model of a screening run (its outputs become the columns <c>NAME_prediction</c> and so on): one complete
/// EOSnet model (featurizers + predictor, as <c>LoadWithEosNet</c> returns it), or the members of an ensemble, whose
/// mean is the prediction (classifiers: the mean probability) and whose sample standard deviation is the uncertainty.
/// </summary>
/// <param name="Name">Column prefix.</param>
/// <param name="Members">One model, or the members of an ensemble.</param>
public sealed record ScreeningModel(string Name, IReadOnlyList<ITransformer> Members)
{
    /// <summary>A single model.</summary>
    /// <param name="name">Column prefix.</param>
    /// <param name="transformer">The model.</param>
    public ScreeningModel(string name, ITransformer transformer) : this(name, [transformer]) { }
}

/// <summary>Settings of <see cref="StructureScreening"/>.</summary>
public sealed record ScreeningOptions
{
    /// <summary>Inputs per batch: memory is bounded by a few batches whatever the input size.</summary>
    public int BatchSize { get; init; } = 1024;
    /// <summary>
    /// This process screens the inputs of batch b (inputs b·B … b·B+B−1, B = <see cref="BatchSize"/>) when
    /// b mod <see cref="ShardCount"/> = <see cref="ShardIndex"/> (0-based). Whole batches are dealt out, so every
    /// structure is predicted in the same batch as in an unsharded run: the outputs are bit-identical.
    /// </summary>
    public int ShardIndex { get; init; }
    /// <summary>Number of shards (processes, cluster array tasks) the input is split over.</summary>
    public int ShardCount { get; init; } = 1;

    /// <summary>When set, where the time of the run goes is added to it (reading, featurizing, the networks).</summary>
    public ScreeningTimings? Timings { get; init; }

    /// <summary>Whether input <paramref name="index"/> belongs to this shard.</summary>
    /// <param name="index">0-based input position.</param>
    public bool InShard(long index) => index / BatchSize % ShardCount == ShardIndex;
}

/// <summary>What one model says about one structure (NaN where it does not apply).</summary>
/// <param name="Prediction">Regression: the predicted value; classification: the score (logit).</param>
/// <param name="Probability">Classification: the probability of the positive class.</param>
/// <param name="Uncertainty">Ensembles: the spread of the members.</param>
public readonly record struct ScreeningValue(float Prediction, float Probability, float Uncertainty)
{
    /// <summary>No value (the structure was not predicted).</summary>
    public static ScreeningValue None => new(float.NaN, float.NaN, float.NaN);
}

/// <summary>One output row: an input in input order, with its status and one value per model.</summary>
/// <param name="Index">0-based position in the input (files in ordinal name order for a folder).</param>
/// <param name="Id">The structure's id (or the file/record name when it could not be read).</param>
/// <param name="Status"><c>ok</c>, or <c>error</c> with <paramref name="Reason"/>.</param>
/// <param name="Reason">Why the input was not predicted (empty when ok).</param>
/// <param name="Values">One per model, in the order of the models.</param>
public sealed record ScreeningRow(long Index, string Id, string Status, string Reason, IReadOnlyList<ScreeningValue> Values);

/// <summary>Which output columns a model has (read from its output schema).</summary>
/// <param name="Probability">A <c>Probability</c> column (classifier).</param>
/// <param name="Uncertainty">An <c>Uncertainty</c> column (ensemble).</param>
public readonly record struct ScreeningColumns(bool Probability, bool Uncertainty);

/// <summary>
/// Where the time of a screening run went (wall time, summed over batches): reading and parsing the inputs,
/// featurizing (fingerprints and graphs, in parallel), the networks' forward passes, and models scored through ML.NET's
/// Transform (pipelines other than the standard one, featurization included). Writing is the caller's.
/// </summary>
public sealed class ScreeningTimings
{
    /// <summary>Reading and parsing the inputs.</summary>
    public TimeSpan Read { get; internal set; }
    /// <summary>Fingerprints and graphs of the standard pipeline.</summary>
    public TimeSpan Featurize { get; internal set; }
    /// <summary>Forward passes of the standard pipeline's networks.</summary>
    public TimeSpan Network { get; internal set; }
    /// <summary>Models scored through ML.NET's Transform (featurization included).</summary>
    public TimeSpan Transform { get; internal set; }
}
