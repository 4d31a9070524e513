using EOSnet.MLNet.Internal;
using Microsoft.ML;

namespace EOSnet.MLNet;

/// <summary>Entry points on <see cref="MLContext"/> and its catalogs.</summary>
public static class MLContextExtensions
{
    /// <summary>
    /// Registers EOSnet's model loaders with this context. Needed only in a process that loads a saved model
    /// without having called any EOSnet catalog method first (those register automatically).
    /// </summary>
    public static MLContext RegisterEosNet(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        MlNetBridge.SelfCheck();
        EosNetRegistration.Register(mlContext);
        return mlContext;
    }

    /// <summary>
    /// Pools per-atom fingerprints into a fixed-length <c>Features</c> vector (mean, std, min, max per value, plus
    /// element fractions) so that FastTree, LightGbm, Sdca and other classical trainers can use EOSnet's features.
    /// </summary>
    public static PoolFingerprintsEstimator PoolFingerprints(this TransformsCatalog catalog,
        string outputColumnName = CrystalColumns.Features, string inputColumnName = CrystalColumns.AtomFingerprints,
        int fingerprintLength = 66, bool includeComposition = true)
        => PoolFingerprints(catalog, new PoolFingerprintsOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            FingerprintLength = fingerprintLength,
            IncludeComposition = includeComposition,
        });

    /// <summary>Options overload of <see cref="PoolFingerprints(TransformsCatalog, string, string, int, bool)"/>.</summary>
    public static PoolFingerprintsEstimator PoolFingerprints(this TransformsCatalog catalog, PoolFingerprintsOptions options)
        => new(MlNetBridge.EnvironmentOf(catalog), options);
}
