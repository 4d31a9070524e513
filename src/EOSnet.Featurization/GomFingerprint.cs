using EOSnet.Crystals;
using EOSnet.Crystals.Neighbors;

namespace EOSnet.Featurization;

/// <summary>GOM fingerprints of one structure.</summary>
public sealed class GomResult
{
    internal GomResult(int atoms, int length, double[] fingerprints, int[] sizes, int[] unclamped, double[]? spectra, int spectrumLength)
    {
        AtomCount = atoms;
        FingerprintLength = length;
        Fingerprints = fingerprints;
        SphereSizes = sizes;
        SphereSizesUnclamped = unclamped;
        Spectra = spectra;
        SpectrumLength = spectrumLength;
    }

    /// <summary>Atoms.</summary>
    public int AtomCount { get; }
    /// <summary>Values per atom in <see cref="Fingerprints"/>.</summary>
    public int FingerprintLength { get; }
    /// <summary>N × FingerprintLength normalised fingerprints (float64).</summary>
    public double[] Fingerprints { get; }
    /// <summary>Sphere size per atom (centre included), after the MaxSphereSize clamp.</summary>
    public int[] SphereSizes { get; }
    /// <summary>Sphere size per atom before the clamp.</summary>
    public int[] SphereSizesUnclamped { get; }
    /// <summary>N × SpectrumLength raw eigenvalues (descending, zero-padded), when requested; else null.</summary>
    public double[]? Spectra { get; }
    /// <summary>Values per atom in <see cref="Spectra"/>.</summary>
    public int SpectrumLength { get; }

    /// <summary>The fingerprint of atom i.</summary>
    public ReadOnlySpan<double> Of(int i) => Fingerprints.AsSpan(i * FingerprintLength, FingerprintLength);

    /// <summary>The raw spectrum of atom i (requires spectra).</summary>
    public ReadOnlySpan<double> SpectrumOf(int i) =>
        (Spectra ?? throw new InvalidOperationException("spectra were not requested")).AsSpan(i * SpectrumLength, SpectrumLength);

    /// <summary>Fingerprints as float32 (the network input precision).</summary>
    public float[] ToSingle() => Array.ConvertAll(Fingerprints, v => (float)v);
}

/// <summary>
/// The GOM (Gaussian overlap matrix) fingerprint of EOSnet: for every atom, the eigenvalues of the overlap matrix of
/// Gaussian orbitals on the atoms of its cutoff sphere, sorted descending, truncated, thresholded and L2-normalised
/// (eosnet-reference §5). Thread-safe: buffers are per thread.
/// </summary>
public sealed class GomFingerprint
{
    [ThreadStatic] private static Workspace? _workspace;

    /// <summary>Creates the featurizer.</summary>
    public GomFingerprint(GomOptions? options = null) => Options = (options ?? GomOptions.Default).Validate();

    /// <summary>The settings.</summary>
    public GomOptions Options { get; }

    /// <summary>
    /// Computes the fingerprints. <paramref name="neighbors"/> may be a list computed at any radius ≥ the cutoff
    /// (e.g. the graph's 8 Å list), which is then reused; otherwise a search at the cutoff is run.
    /// </summary>
    public GomResult Compute(Crystal crystal, NeighborList? neighbors = null, bool includeSpectra = false, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(crystal);
        var o = Options;
        if (neighbors is null || neighbors.Radius < o.Cutoff || neighbors.AtomCount != crystal.Count)
            neighbors = PeriodicNeighborSearch.Find(crystal, o.Cutoff * (1 + 1e-12) + 1e-12);
        int n = crystal.Count, len = o.FingerprintLength, lseg = o.OrbitalsPerMember;
        var rho = new double[n];
        for (int i = 0; i < n; i++)
        {
            try { rho[i] = Elements.CovalentRadius(crystal.AtomicNumbers[i]); }
            catch (UnsupportedElementException e) { throw new FeaturizationException($"structure '{crystal.Id}', atom {i}: {e.Message}", e); }
        }
        var fp = new double[n * len];
        var spectra = includeSpectra ? new double[n * o.SpectrumLength] : null;
        var sizes = new int[n];
        var unclamped = new int[n];
        double rc2 = o.Cutoff * o.Cutoff;
        var ws = _workspace ??= new Workspace();
        for (int i = 0; i < n; i++)
        {
            int start = neighbors.Start(i), count = neighbors.Count(i);
            int inside = 0;
            while (inside < count && neighbors.Distances[start + inside] * neighbors.Distances[start + inside] <= rc2) inside++;
            unclamped[i] = inside + 1;
            int members = inside + 1;
            if (members > o.MaxSphereSize)
            {
                string msg = $"structure '{crystal.Id}', atom {i} ({Elements.Symbol(crystal.AtomicNumbers[i])}): {members} atoms within {o.Cutoff} Å exceed MaxSphereSize {o.MaxSphereSize}";
                if (o.Overflow == SphereOverflowPolicy.Error) throw new FeaturizationException(msg);
                warn?.Invoke(msg + "; kept the nearest");
                members = o.MaxSphereSize;
            }
            sizes[i] = members;
            ws.Ensure(members, lseg);
            var ri = crystal.CartesianPositions[i];
            ws.Xyz[0] = ri.X; ws.Xyz[1] = ri.Y; ws.Xyz[2] = ri.Z;
            ws.Rho[0] = rho[i];
            ws.Amp[0] = 1.0;
            for (int m = 1; m < members; m++)
            {
                int p = start + m - 1;
                ws.Xyz[3 * m] = ri.X + neighbors.Displacements[3 * p];
                ws.Xyz[3 * m + 1] = ri.Y + neighbors.Displacements[3 * p + 1];
                ws.Xyz[3 * m + 2] = ri.Z + neighbors.Displacements[3 * p + 2];
                ws.Rho[m] = rho[neighbors.Index[p]];
                double d = neighbors.Distances[p];
                double t = 1 - d * d / rc2;
                ws.Amp[m] = t > 0 ? t * t : 0;
            }
            int dim = members * lseg;
            var matrix = ws.Matrix.AsSpan(0, dim * dim);
            if (lseg == 1) OverlapMatrix.BuildS(ws.Xyz, ws.Rho, ws.Amp, members, matrix);
            else OverlapMatrix.BuildSP(ws.Xyz, ws.Rho, ws.Amp, members, matrix);
            var eig = ws.Eigen.AsSpan(0, dim);
            SymmetricEigenvalues.Compute(matrix, dim, eig, ws.Work);
            if (spectra is not null)
            {
                var dst = spectra.AsSpan(i * o.SpectrumLength, o.SpectrumLength);
                eig[..Math.Min(dim, dst.Length)].CopyTo(dst);
            }
            Normalize(eig, Math.Min(dim, len), o.ZeroThreshold, fp.AsSpan(i * len, len));
        }
        return new GomResult(n, len, fp, sizes, unclamped, spectra, o.SpectrumLength);
    }

    /// <summary>First values → |x| &lt; threshold set to 0 → divided by the L2 norm (norm &lt; 1e-30: by 1).</summary>
    private static void Normalize(ReadOnlySpan<double> descending, int available, double threshold, Span<double> dst)
    {
        dst.Clear();
        double norm2 = 0;
        for (int k = 0; k < available; k++)
        {
            double v = descending[k];
            if (Math.Abs(v) < threshold) v = 0;
            dst[k] = v;
            norm2 += v * v;
        }
        double norm = Math.Sqrt(norm2);
        if (norm < 1e-30) norm = 1;
        for (int k = 0; k < available; k++) dst[k] /= norm;
    }

    private sealed class Workspace
    {
        public double[] Xyz = new double[3 * 128];
        public double[] Rho = new double[128];
        public double[] Amp = new double[128];
        public double[] Matrix = new double[128 * 128];
        public double[] Eigen = new double[128];
        public double[] Work = new double[3 * 128];

        public void Ensure(int members, int lseg)
        {
            if (Rho.Length < members)
            {
                int cap = Math.Max(members, 2 * Rho.Length);
                Xyz = new double[3 * cap];
                Rho = new double[cap];
                Amp = new double[cap];
            }
            int dim = members * lseg;
            if (Eigen.Length < dim)
            {
                int cap = Math.Max(dim, 2 * Eigen.Length);
                Eigen = new double[cap];
                Work = new double[3 * cap];
                Matrix = new double[cap * cap];
            }
        }
    }
}
