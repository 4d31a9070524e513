using Microsoft.ML;

namespace EOSnet.MLNet;

/// <summary>
/// Estimator of a transformer that learns nothing (featurizers, pooling): <see cref="Fit"/> only validates the input
/// schema, and <see cref="GetOutputSchema"/> reports the columns the transformer will add.
/// </summary>
public abstract class FeaturizerEstimatorBase<TTransformer> : IEstimator<TTransformer> where TTransformer : EosNetTransformerBase
{
    private protected FeaturizerEstimatorBase() { }

    /// <summary>Creates the transformer from the estimator's options.</summary>
    private protected abstract TTransformer CreateTransformer();

    /// <inheritdoc />
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = CreateTransformer();
        t.GetOutputSchema(input.Schema);
        return t;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => CreateTransformer().OutputShape(inputSchema);
}
