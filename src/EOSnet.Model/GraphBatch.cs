using EOSnet.Featurization;
using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>
/// Many crystal graphs collated into contiguous tensors: atoms concatenated, neighbour indices offset into the batch
/// numbering, a crystal index per atom, and the atom count per crystal. Built once per batch from flat arrays.
/// </summary>
public sealed class GraphBatch : IDisposable
{
    private GraphBatch(Tensor z, Tensor fp, Tensor idx, Tensor dist, Tensor crystal, Tensor counts, int crystals, int atoms)
    {
        AtomicNumbers = z; Fingerprints = fp; NeighborIndices = idx; NeighborDistances = dist; CrystalIndex = crystal; AtomCounts = counts;
        CrystalCount = crystals;
        AtomCount = atoms;
    }

    /// <summary>N atomic numbers (int64).</summary>
    public Tensor AtomicNumbers { get; }
    /// <summary>N × F fingerprints (float32).</summary>
    public Tensor Fingerprints { get; }
    /// <summary>N × M neighbour indices into the batch (int64).</summary>
    public Tensor NeighborIndices { get; }
    /// <summary>N × M distances (float64).</summary>
    public Tensor NeighborDistances { get; }
    /// <summary>N crystal indices (int64).</summary>
    public Tensor CrystalIndex { get; }
    /// <summary>B atom counts (float32).</summary>
    public Tensor AtomCounts { get; }
    /// <summary>B.</summary>
    public int CrystalCount { get; }
    /// <summary>N.</summary>
    public int AtomCount { get; }

    /// <summary>Collates graphs (all with the same fingerprint length and neighbour count) on a device.</summary>
    public static GraphBatch Collate(IReadOnlyList<CrystalGraph> graphs, Device? device = null)
    {
        if (graphs.Count == 0) throw new ArgumentException("cannot collate an empty batch");
        int f = graphs[0].FingerprintLength, m = graphs[0].MaxNeighbors;
        int n = 0;
        foreach (var g in graphs)
        {
            if (g.FingerprintLength != f || g.MaxNeighbors != m)
                throw new ArgumentException($"graph '{g.Id}' has fingerprint length {g.FingerprintLength} / {g.MaxNeighbors} neighbours; the batch has {f} / {m}");
            // Never let NaN/Inf reach the network: a bad feature would silently poison a whole batch's gradients.
            if (!AllFinite(g.AtomFingerprints) || !AllFinite(g.NeighborDistances))
                throw new ArgumentException($"graph '{g.Id}' has a non-finite fingerprint value or neighbour distance");
            n += g.AtomCount;
        }
        var z = new long[n];
        var fp = new float[n * f];
        var idx = new long[n * m];
        var dist = new double[n * m];
        var crystal = new long[n];
        var counts = new float[graphs.Count];
        int offset = 0;
        for (int b = 0; b < graphs.Count; b++)
        {
            var g = graphs[b];
            int a = g.AtomCount;
            for (int i = 0; i < a; i++) { z[offset + i] = g.AtomicNumbers[i]; crystal[offset + i] = b; }
            g.AtomFingerprints.AsSpan().CopyTo(fp.AsSpan(offset * f));
            for (int k = 0; k < a * m; k++) idx[offset * m + k] = g.NeighborIndices[k] + offset;
            g.NeighborDistances.AsSpan().CopyTo(dist.AsSpan(offset * m));
            counts[b] = a;
            offset += a;
        }
        var dev = device ?? CPU;
        // The scope keeps each host tensor reachable until its device copy exists: a temporary Tensor, like a temporary
        // Scalar, can be freed by the finalizer under its own native call (seen as a crash inside at::native::to).
        using var scope = NewDisposeScope();
        Tensor OnDevice(Tensor host) => host.to(dev).MoveToOuterDisposeScope();
        return new GraphBatch(
            OnDevice(tensor(z, new long[] { n })), OnDevice(tensor(fp, new long[] { n, f })), OnDevice(tensor(idx, new long[] { n, m })),
            OnDevice(tensor(dist, new long[] { n, m }, float64)), OnDevice(tensor(crystal, new long[] { n })), OnDevice(tensor(counts, new long[] { graphs.Count })),
            graphs.Count, n);
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values) if (!float.IsFinite(v)) return false;
        return true;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values) if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        AtomicNumbers.Dispose(); Fingerprints.Dispose(); NeighborIndices.Dispose(); NeighborDistances.Dispose(); CrystalIndex.Dispose(); AtomCounts.Dispose();
    }
}
