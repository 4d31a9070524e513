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

    /// <summary>
    /// Computes GOM fingerprints from the structure columns (Lattice, AtomicNumbers, Positions): for every atom the
    /// eigenvalues of the Gaussian overlap matrix of its <paramref name="cutoff"/> Å sphere (EOSnet's node feature).
    /// </summary>
    public static GomFingerprintEstimator ComputeGomFingerprints(this TransformsCatalog catalog,
        string outputColumnName = CrystalColumns.AtomFingerprints, double cutoff = 6.0, int fingerprintLength = 66,
        Featurization.GomOrbitals orbitals = Featurization.GomOrbitals.S)
        => ComputeGomFingerprints(catalog, new GomFingerprintOptions { OutputColumnName = outputColumnName, Cutoff = cutoff, FingerprintLength = fingerprintLength, Orbitals = orbitals });

    /// <summary>Options overload of <see cref="ComputeGomFingerprints(TransformsCatalog, string, double, int, Featurization.GomOrbitals)"/>.</summary>
    public static GomFingerprintEstimator ComputeGomFingerprints(this TransformsCatalog catalog, GomFingerprintOptions options)
        => new(MlNetBridge.EnvironmentOf(catalog), options);

    /// <summary>
    /// Builds the crystal graph from the structure columns: indices and distances of each atom's
    /// <paramref name="maxNeighbors"/> nearest periodic neighbours within <paramref name="radius"/> Å.
    /// </summary>
    public static CrystalGraphEstimator BuildCrystalGraph(this TransformsCatalog catalog, double radius = 8.0, int maxNeighbors = 12,
        Featurization.NeighborPadding padding = Featurization.NeighborPadding.RepeatLast)
        => BuildCrystalGraph(catalog, new CrystalGraphOptions { Radius = radius, MaxNeighbors = maxNeighbors, Padding = padding });

    /// <summary>Options overload of <see cref="BuildCrystalGraph(TransformsCatalog, double, int, Featurization.NeighborPadding)"/>.</summary>
    public static CrystalGraphEstimator BuildCrystalGraph(this TransformsCatalog catalog, CrystalGraphOptions options)
        => new(MlNetBridge.EnvironmentOf(catalog), options);
}
