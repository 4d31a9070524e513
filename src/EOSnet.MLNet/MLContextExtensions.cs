using EOSnet.Featurization;
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
    /// <param name="mlContext">The context that will load EOSnet models.</param>
    /// <returns>The same context, for chaining.</returns>
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
    /// <param name="catalog">The context's transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The pooled vector: known size 4 × <paramref name="fingerprintLength"/> (+ the element fractions).</param>
    /// <param name="inputColumnName">Per-atom fingerprints, a Single vector of N × <paramref name="fingerprintLength"/> values.</param>
    /// <param name="fingerprintLength">Values per atom in the input (<see cref="GomOptions.DefaultFingerprintLength"/> for the reference GOM).</param>
    /// <param name="includeComposition">Append the fraction of each element (needs <c>AtomicNumbers</c>).</param>
    /// <remarks>
    /// Input columns: <paramref name="inputColumnName"/> (vector of Single), <c>AtomicNumbers</c> (vector of Int32) when
    /// composition is included. Output column: <paramref name="outputColumnName"/> (known-size vector of Single).
    /// No training happens in Fit; the transform is row-to-row (works with PredictionEngine) and saves with the model.
    /// </remarks>
    public static PoolFingerprintsEstimator PoolFingerprints(this TransformsCatalog catalog,
        string outputColumnName = CrystalColumns.Features, string inputColumnName = CrystalColumns.AtomFingerprints,
        int fingerprintLength = GomOptions.DefaultFingerprintLength, bool includeComposition = true)
        => PoolFingerprints(catalog, new PoolFingerprintsOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            FingerprintLength = fingerprintLength,
            IncludeComposition = includeComposition,
        });

    /// <summary>Options overload of <see cref="PoolFingerprints(TransformsCatalog, string, string, int, bool)"/>.</summary>
    /// <param name="catalog">The context's transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Columns, fingerprint length and composition.</param>
    public static PoolFingerprintsEstimator PoolFingerprints(this TransformsCatalog catalog, PoolFingerprintsOptions options)
        => new(MlNetBridge.EnvironmentOf(catalog), options);

    /// <summary>
    /// Computes GOM fingerprints from the structure columns (Lattice, AtomicNumbers, Positions): for every atom the
    /// eigenvalues of the Gaussian overlap matrix of its <paramref name="cutoff"/> Å sphere (EOSnet's node feature).
    /// </summary>
    /// <param name="catalog">The context's transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The per-atom fingerprints: a Single vector of N × <paramref name="fingerprintLength"/> values, atom by atom.</param>
    /// <param name="cutoff">Radius r_c of each atom's sphere in Å (reference: <see cref="GomOptions.DefaultCutoff"/>).</param>
    /// <param name="fingerprintLength">Eigenvalues kept per atom, largest first, zero-padded (reference: <see cref="GomOptions.DefaultFingerprintLength"/> for s orbitals, <see cref="GomOptions.SPFingerprintLength"/> for s+p).</param>
    /// <param name="orbitals">s orbitals (the paper's) or s + p.</param>
    /// <remarks>
    /// Input columns: <c>Lattice</c> (9 Double, rows a, b, c in Å), <c>AtomicNumbers</c> (N Int32), <c>Positions</c>
    /// (3N Double, Cartesian Å), as <c>mlContext.Data.LoadFromCrystals</c> makes them. Output column:
    /// <paramref name="outputColumnName"/>. No training happens in Fit; rows are featurized in parallel batches; the
    /// featurizer's warnings (sphere overflow) go to <c>mlContext.Log</c>. Works with PredictionEngine and saves with the model.
    /// </remarks>
    public static GomFingerprintEstimator ComputeGomFingerprints(this TransformsCatalog catalog,
        string outputColumnName = CrystalColumns.AtomFingerprints, double cutoff = GomOptions.DefaultCutoff, int fingerprintLength = GomOptions.DefaultFingerprintLength,
        GomOrbitals orbitals = GomOrbitals.S)
        => ComputeGomFingerprints(catalog, new GomFingerprintOptions { OutputColumnName = outputColumnName, Cutoff = cutoff, FingerprintLength = fingerprintLength, Orbitals = orbitals });

    /// <summary>Options overload of <see cref="ComputeGomFingerprints(TransformsCatalog, string, double, int, GomOrbitals)"/>.</summary>
    /// <param name="catalog">The context's transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Columns, cutoff, length, orbitals, sphere limit and parallelism.</param>
    public static GomFingerprintEstimator ComputeGomFingerprints(this TransformsCatalog catalog, GomFingerprintOptions options)
        => new(MlNetBridge.EnvironmentOf(catalog), options);

    /// <summary>
    /// Builds the crystal graph from the structure columns: indices and distances of each atom's
    /// <paramref name="maxNeighbors"/> nearest periodic neighbours within <paramref name="radius"/> Å.
    /// </summary>
    /// <param name="catalog">The context's transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="radius">Neighbour search radius in Å (reference: <see cref="GraphOptions.DefaultRadius"/>).</param>
    /// <param name="maxNeighbors">Neighbour slots per atom M (reference: <see cref="GraphOptions.DefaultMaxNeighbors"/>).</param>
    /// <param name="padding">How atoms with fewer than M neighbours within the radius are padded (a warning on <c>mlContext.Log</c> names them).</param>
    /// <remarks>
    /// Input columns: <c>Lattice</c>, <c>AtomicNumbers</c>, <c>Positions</c> (see <c>ComputeGomFingerprints</c>). Output
    /// columns: <c>NeighborIndices</c> (N × M Int32, 0-based atom indices) and <c>NeighborDistances</c> (N × M Double, Å);
    /// M is published as an annotation that the EOSnet trainer checks. No training happens in Fit; works with
    /// PredictionEngine and saves with the model.
    /// </remarks>
    public static CrystalGraphEstimator BuildCrystalGraph(this TransformsCatalog catalog, double radius = GraphOptions.DefaultRadius, int maxNeighbors = GraphOptions.DefaultMaxNeighbors,
        NeighborPadding padding = NeighborPadding.RepeatLast)
        => BuildCrystalGraph(catalog, new CrystalGraphOptions { Radius = radius, MaxNeighbors = maxNeighbors, Padding = padding });

    /// <summary>Options overload of <see cref="BuildCrystalGraph(TransformsCatalog, double, int, NeighborPadding)"/>.</summary>
    /// <param name="catalog">The context's transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Columns, radius, slots, padding, isolated-atom policy and parallelism.</param>
    public static CrystalGraphEstimator BuildCrystalGraph(this TransformsCatalog catalog, CrystalGraphOptions options)
        => new(MlNetBridge.EnvironmentOf(catalog), options);

    /// <summary>
    /// Builds the v2 (e3nn) network's edge list from the structure columns: every periodic neighbour closer than
    /// <paramref name="cutoff"/> Å (the atom's own images included), with its edge vector; no neighbour cap, no padding.
    /// </summary>
    /// <param name="catalog">The context's transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="cutoff">Cutoff radius in Å (reference: <see cref="EquivariantGraphBuilder.DefaultCutoff"/>, the v2 network's radial cutoff).</param>
    /// <remarks>
    /// Input columns: <c>Lattice</c>, <c>AtomicNumbers</c>, <c>Positions</c> (see <c>ComputeGomFingerprints</c>). Output
    /// columns: <c>EdgeSources</c> and <c>EdgeDestinations</c> (E Int32, 0-based atom indices, sorted by source, then
    /// distance) and <c>EdgeVectors</c> (3E Double, Å, from source to destination); the cutoff is published as an
    /// annotation that the v2 trainer checks. Deterministic. No training happens in Fit; works with PredictionEngine
    /// and saves with the model. Use it with <c>EosNetTrainerOptions.Network = NetworkKind.V2</c>.
    /// </remarks>
    public static EquivariantGraphEstimator BuildEquivariantGraph(this TransformsCatalog catalog, double cutoff = EquivariantGraphBuilder.DefaultCutoff)
        => BuildEquivariantGraph(catalog, new EquivariantGraphOptions { Cutoff = cutoff });

    /// <summary>Options overload of <see cref="BuildEquivariantGraph(TransformsCatalog, double)"/>.</summary>
    /// <param name="catalog">The context's transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="options">Columns, cutoff and parallelism.</param>
    public static EquivariantGraphEstimator BuildEquivariantGraph(this TransformsCatalog catalog, EquivariantGraphOptions options)
        => new(MlNetBridge.EnvironmentOf(catalog), options);
}
