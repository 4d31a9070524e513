using EOSnet.Crystals;
using EOSnet.Crystals.Neighbors;

namespace EOSnet.Featurization;

/// <summary>GOM fingerprints of one structure.</summary>
public sealed class GomResult
{
    internal GomResult(int atoms, int length, double[] fingerprints, int[] sizes, int[] unclamped, double[]? spectra, int spectrumLength, int solved)
    {
        SolvedSpheres = solved;
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
    /// <summary>Atoms whose overlap matrix was diagonalised (the others reused a congruent sphere's eigenvalues).</summary>
    public int SolvedSpheres { get; }
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
        var inside = new int[n];
        for (int i = 0; i < n; i++)
        {
            int start = neighbors.Start(i), count = neighbors.Count(i), k = 0;
            while (k < count && neighbors.Distances[start + k] * neighbors.Distances[start + k] <= rc2) k++;
            inside[i] = k;
        }
        var congruence = o.ReuseCongruentSpheres && n > 1 ? new SphereEquivalence(crystal, neighbors, inside) : null;
        var twins = new int[n];
        int solved = 0, pending = 0;
        for (int i = 0; i < n; i++)
        {
            unclamped[i] = inside[i] + 1;
            int members = inside[i] + 1;
            twins[i] = -1;
            if (members > o.MaxSphereSize)
            {
                string msg = $"structure '{crystal.Id}', atom {i} ({Elements.Symbol(crystal.AtomicNumbers[i])}): {members} atoms within {o.Cutoff} Å exceed MaxSphereSize {o.MaxSphereSize}";
                if (o.Overflow == SphereOverflowPolicy.Error) throw new FeaturizationException(msg);
                warn?.Invoke(msg + "; kept the nearest");
                members = o.MaxSphereSize;
            }
            else if (congruence?.FindOrRegister(i) is int twin and >= 0)
            {
                sizes[i] = members;
                twins[i] = twin;
                continue;
            }
            sizes[i] = members;
            solved++;
            // Reduce to tridiagonal form now; the QL iterations run four atoms at a time (their latency chains overlap).
            Tridiagonal(crystal, neighbors, rho, i, members, lseg, rc2, ws, pending);
            ws.Pending[pending++] = i;
            if (pending == TridiagonalEigenvalues.MaxBatch) { SolvePending(ws, pending, sizes, lseg, fp, spectra); pending = 0; }
        }
        SolvePending(ws, pending, sizes, lseg, fp, spectra);
        for (int i = 0; i < n; i++)
        {
            if (twins[i] < 0) continue;
            fp.AsSpan(twins[i] * len, len).CopyTo(fp.AsSpan(i * len, len));
            spectra?.AsSpan(twins[i] * o.SpectrumLength, o.SpectrumLength).CopyTo(spectra.AsSpan(i * o.SpectrumLength, o.SpectrumLength));
        }
        return new GomResult(n, len, fp, sizes, unclamped, spectra, o.SpectrumLength, solved);
    }

    /// <summary>Runs the QL iterations of the reduced matrices waiting in the workspace slots and stores their results.</summary>
    private void SolvePending(Workspace ws, int count, int[] sizes, int lseg, double[] fp, double[]? spectra)
    {
        if (count == 0) return;
        Span<int> dims = stackalloc int[TridiagonalEigenvalues.MaxBatch];
        for (int k = 0; k < count; k++) dims[k] = sizes[ws.Pending[k]] * lseg;
        TridiagonalEigenvalues.SolveBatch(ws.D, ws.E, dims, count);
        for (int k = 0; k < count; k++) Store(ws.D[k].AsSpan(0, dims[k]), ws.Pending[k], fp, spectra);
    }

    /// <summary>Builds atom i's overlap matrix and reduces it to tridiagonal form in workspace slot <paramref name="slot"/>.</summary>
    private static void Tridiagonal(Crystal crystal, NeighborList neighbors, double[] rho, int i, int members, int lseg, double rc2, Workspace ws, int slot)
    {
        ws.Ensure(members, lseg);
        int start = neighbors.Start(i);
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
        int stride = SymmetricEigenvalues.PaddedStride(dim);
        var matrix = ws.Matrix.AsSpan(0, dim * stride);
        if (lseg == 1) OverlapMatrix.BuildS(ws.Xyz, ws.Rho, ws.Amp, members, matrix, stride, SymmetricEigenvalues.ReadsLowerTriangleOnly(dim));
        else OverlapMatrix.BuildSP(ws.Xyz, ws.Rho, ws.Amp, members, matrix, stride);
        SymmetricEigenvalues.Reduce(matrix, dim, stride, ws.D[slot].AsSpan(0, dim), ws.E[slot].AsSpan(0, dim), ws.Work);
    }

    /// <summary>Sorts atom i's eigenvalues (descending) and writes its spectrum and normalised fingerprint.</summary>
    private void Store(Span<double> eigenvalues, int i, double[] fp, double[]? spectra)
    {
        var o = Options;
        eigenvalues.Sort();
        eigenvalues.Reverse();
        if (spectra is not null)
        {
            var dst = spectra.AsSpan(i * o.SpectrumLength, o.SpectrumLength);
            eigenvalues[..Math.Min(eigenvalues.Length, dst.Length)].CopyTo(dst);
        }
        int len = o.FingerprintLength;
        Normalize(eigenvalues, Math.Min(eigenvalues.Length, len), o.ZeroThreshold, fp.AsSpan(i * len, len));
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
        public double[][] D = NewSlots(128);
        public double[][] E = NewSlots(128);
        public readonly int[] Pending = new int[TridiagonalEigenvalues.MaxBatch];
        public double[] Work = new double[SymmetricEigenvalues.ReduceWorkLength(128)];

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
            if (D[0].Length < dim)
            {
                int cap = SymmetricEigenvalues.PaddedStride(Math.Max(dim, 2 * D[0].Length));
                // Keep the reduced matrices that may still be waiting in the slots.
                var d = NewSlots(cap);
                var e = NewSlots(cap);
                for (int k = 0; k < d.Length; k++) { D[k].CopyTo(d[k], 0); E[k].CopyTo(e[k], 0); }
                D = d;
                E = e;
                Work = new double[SymmetricEigenvalues.ReduceWorkLength(cap)];
                Matrix = new double[cap * cap];
            }
        }

        private static double[][] NewSlots(int length)
        {
            var slots = new double[TridiagonalEigenvalues.MaxBatch][];
            for (int k = 0; k < slots.Length; k++) slots[k] = new double[length];
            return slots;
        }
    }
}
