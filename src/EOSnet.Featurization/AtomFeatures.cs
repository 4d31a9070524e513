namespace EOSnet.Featurization;

/// <summary>The reference's atom feature: one-hot(Z) over 113 columns (Z = 0…112) followed by the fingerprint.</summary>
public static class AtomFeatures
{
    /// <summary>Width of the one-hot part.</summary>
    public const int OneHotLength = 113;

    /// <summary>N × (113 + fingerprint length) float32 features.</summary>
    public static float[] Build(CrystalGraph graph)
    {
        int width = OneHotLength + graph.FingerprintLength;
        var x = new float[graph.AtomCount * width];
        for (int i = 0; i < graph.AtomCount; i++)
        {
            int z = graph.AtomicNumbers[i];
            if (z < 1 || z >= OneHotLength) throw new ArgumentOutOfRangeException(nameof(graph), $"Z = {z} outside 1…112");
            x[i * width + z] = 1f;
            graph.AtomFingerprints.AsSpan(i * graph.FingerprintLength, graph.FingerprintLength).CopyTo(x.AsSpan(i * width + OneHotLength));
        }
        return x;
    }
}
