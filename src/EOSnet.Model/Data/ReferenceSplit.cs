namespace EOSnet.Model.Data;

/// <summary>
/// The authors' train/validation/test split (eosnet-reference §9): rows in file order, <c>random.seed(42)</c>,
/// <c>random.shuffle</c>; train = first ⌊0.8 N⌋, validation = the ⌊0.1 N⌋ rows before the last ⌊0.1 N⌋, test = the
/// last ⌊0.1 N⌋. Use it only to compare with the reference on its own split; prefer a benchmark's fixed folds.
/// </summary>
public sealed record ReferenceSplit(int[] Shuffled, int[] Train, int[] Validation, int[] Test, int[]? NormalizerSample)
{
    /// <summary>Computes the split of <paramref name="n"/> rows (0-based original row indices).</summary>
    public static ReferenceSplit Create(int n, int seed = 42, double validationRatio = 0.1, double testRatio = 0.1)
    {
        var rng = new PythonRandom((ulong)seed);
        var rows = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(rows);
        int nVal = (int)(validationRatio * n), nTest = (int)(testRatio * n);
        int nTrain = (int)((1 - validationRatio - testRatio) * n);
        int[]? sample = n >= 1000 ? rng.SampleRange(n, 1000 + (int)(0.1 * (n - 1000))) : null;
        return new ReferenceSplit(rows, rows[..nTrain], rows[(n - nVal - nTest)..(n - nTest)], rows[(n - nTest)..], sample);
    }
}
