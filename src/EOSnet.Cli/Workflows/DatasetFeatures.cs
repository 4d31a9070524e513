using System.Globalization;
using EOSnet.Featurization;

namespace EOSnet.Cli.Workflows;

/// <summary>
/// The CLI's use of the library's <see cref="FeatureStore"/>: the featurizer settings every verb uses, the key of a
/// loaded dataset, and "read the cache or featurize and write it" with the CLI's progress bar and warnings.
/// </summary>
public static class DatasetFeatures
{
    /// <summary>The featurizer settings of the CLI (reference settings, isolated atoms padded as the reference does).</summary>
    public static FeaturizerOptions Options { get; } = new() { Graph = new GraphOptions { IsolatedAtoms = IsolatedAtomPolicy.ReferencePadding } };

    /// <summary>
    /// The featurizer settings for a feature set: <see cref="Options"/>, with the s+p GOM (<see cref="GomOptions.SPFingerprintLength"/> values) for
    /// <see cref="FeatureSet.GomSP"/>. One-hot models read GOM(s) graphs and ignore the fingerprints. With
    /// <paramref name="edgeCutoff"/> (v2 models), the v2 edge list within it is featurized and cached too.
    /// </summary>
    public static FeaturizerOptions OptionsFor(FeatureSet features, double? edgeCutoff = null) =>
        (features == FeatureSet.GomSP ? Options with { Gom = GomOptions.SPDefault } : Options) with { EquivariantCutoff = edgeCutoff };

    /// <summary>The store for a cache folder and feature set (and v2 edge cutoff).</summary>
    public static FeatureStore Store(string cacheDir, FeatureSet features = FeatureSet.GomS, double? edgeCutoff = null) => new(cacheDir, OptionsFor(features, edgeCutoff));

    /// <summary>The cache key of a dataset as loaded (input file hash, settings and --limit).</summary>
    public static string Key(Dataset data, int? limit, FeatureSet features = FeatureSet.GomS, double? edgeCutoff = null) =>
        FeatureStore.KeyOf(OptionsFor(features, edgeCutoff), data.Source, limit is int l ? FeatureStore.FirstRecords(l) : null);

    /// <summary>Featurizes the records of one shard (all when shards = 1), in parallel, with progress.</summary>
    public static List<CachedStructure> Featurize(Dataset data, int shard, int shards, CliOutput o, CancellationToken ct, FeatureSet features = FeatureSet.GomS, double? edgeCutoff = null)
    {
        return WithProgress(data, shard, shards, o, (progress, warning) => FeatureStore.Featurize(OptionsFor(features, edgeCutoff), data.Records, shard, shards, progress, warning, ct));
    }

    /// <summary>Featurizes shard i of N into its part file of the cache under <paramref name="cacheDir"/>.</summary>
    public static (string Path, IReadOnlyList<CachedStructure> Structures) WriteShard(Dataset data, int? limit, string cacheDir, int shard, int shards,
        CliOutput o, CancellationToken ct, FeatureSet features = FeatureSet.GomS)
    {
        return WithProgress(data, shard, shards, o, (progress, warning) => Store(cacheDir, features).WriteShard(Key(data, limit, features), data.Records, shard, shards, progress, warning, ct));
    }

    /// <summary>
    /// The featurized dataset: read from a complete cache under <paramref name="cacheDir"/> when one exists for this
    /// input and these settings, else featurized now and written there (no cache when <paramref name="cacheDir"/> is null).
    /// With <paramref name="edgeCutoff"/>, each structure carries its v2 edge list within it.
    /// </summary>
    public static Dictionary<int, CachedStructure> GetOrCreate(Dataset data, int? limit, string? cacheDir, CliOutput o, CancellationToken ct,
        FeatureSet features = FeatureSet.GomS, double? edgeCutoff = null)
    {
        if (cacheDir is null) return Featurize(data, 0, 1, o, ct, features, edgeCutoff).ToDictionary(s => s.Index);
        var store = Store(cacheDir, features, edgeCutoff);
        string key = Key(data, limit, features, edgeCutoff);
        FeatureStoreResult result = store.FindComplete(key) is null
            ? WithProgress(data, 0, 1, o, (progress, warning) => store.GetOrCreate(key, data.Records, progress, warning, ct))
            : store.GetOrCreate(key, data.Records, cancellationToken: ct);
        o.Line(result.FromCache
            ? $"features read from the cache ({result.Parts.Count} part file(s) in {cacheDir}, key {key})"
            : $"features cached in {result.Parts[0]}");
        return result.Structures.ToDictionary(s => s.Index);
    }

    /// <summary>Runs a featurization under the CLI's progress bar and warnings, then counts what was left out.</summary>
    private static T WithProgress<T>(Dataset data, int shard, int shards, CliOutput o, Func<IProgress<int>, Action<string>, T> work)
    {
        int count = Enumerable.Range(0, data.Records.Count).Count(i => FeatureCache.InShard(i, shard, shards));
        int failed = 0;
        T result = default!;
        o.Progress($"featurizing {count} structures", count, advance => result = work(new Advance(advance), line => { failed++; o.Warning(line); }));
        if (failed > 0) o.Warning($"{failed} structure(s) could not be featurized and are left out");
        return result;
    }

    /// <summary>Parses "i/N" (0 ≤ i &lt; N).</summary>
    public static (int Shard, int Shards) ParseShard(string text)
    {
        var bits = text.Split('/');
        if (bits.Length == 2 && int.TryParse(bits[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(bits[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && i < n)
            return (i, n);
        throw new CliUsageException($"--shard '{text}': expected i/N with 0 ≤ i < N, e.g. 3/16");
    }

    /// <summary>Progress reported synchronously to the progress bar's advance callback.</summary>
    private sealed class Advance(Action<int> advance) : IProgress<int>
    {
        public void Report(int value) => advance(value);
    }
}
