using Microsoft.ML;
using Microsoft.ML.Runtime;

using EOSnet.MLNet.Internal;
using Microsoft.ML.Data;

namespace EOSnet.MLNet;

/// <summary>
/// Shared plumbing of EOSnet's row-mapping transformers: schema propagation, streaming transform, row-to-row
/// mapping for PredictionEngine, and saving a versioned payload into an ML.NET model zip.
/// </summary>
public abstract class EosNetTransformerBase : ITransformer, IDisposable
{
    private MappingCore? _core;

    private protected EosNetTransformerBase(IHostEnvironment env)
    {
        Environment = env ?? throw new ArgumentNullException(nameof(env));
        EosNetRegistration.Register(env);
    }

    private protected IHostEnvironment Environment { get; }

    private protected MappingCore Core => _core ??= CreateCore();

    private protected abstract MappingCore CreateCore();

    /// <summary>Writes this transformer's parameters (after the ML.NET header).</summary>
    private protected abstract void SaveParameters(ModelSaveContext ctx, BinaryWriter writer);

    /// <summary>The 8-character ML.NET model signature, the loader signature and the format version.</summary>
    private protected abstract (string ModelSignature, string LoaderSignature, uint Version) SaveIdentity { get; }

    internal SchemaShape OutputShape(SchemaShape input) => Core.GetOutputShape(input);

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Core.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Core.CreateMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => Core.Transform(input ?? throw new ArgumentNullException(nameof(input)));

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        var (model, loader, version) = SaveIdentity;
        var writer = MlNetBridge.BeginSave(ctx, model, version, loader, GetType());
        SaveParameters(ctx, writer);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases native resources held by the transformer.</summary>
    protected virtual void Dispose(bool disposing) { }
}
