using System.Globalization;
using EOSnet.Crystals;
using EOSnet.Featurization;

namespace EOSnet.Cli.Workflows;

/// <summary>
/// The CLI's use of <see cref="FeatureCache"/>: the featurizer settings every verb uses, the key of a dataset, and
/// "read the cache or featurize and write it".
/// </summary>
public static class FeatureStore
{
    /// <summary>The featurizer settings of the CLI (reference settings, isolated atoms padded as the reference does).</summary>
    public static FeaturizerOptions Options { get; } = new() { Graph = new GraphOptions { IsolatedAtoms = IsolatedAtomPolicy.ReferencePadding } };

    /// <summary>
    /// The featurizer settings for a feature set: <see cref="Options"/>, with the s+p GOM (<see cref="GomOptions.SPFingerprintLength"/> values) for
    /// <see cref="FeatureSet.GomSP"/>. One-hot models read GOM(s) graphs and ignore the fingerprints.
    /// </summary>
    public static FeaturizerOptions OptionsFor(FeatureSet features) =>
        features == FeatureSet.GomSP ? Options with { Gom = GomOptions.SPDefault } : Options;

    /// <summary>The cache key of a dataset as loaded (input file hash, settings and --limit).</summary>
    public static string Key(Dataset data, int? limit, FeatureSet features = FeatureSet.GomS) =>
        FeatureCache.Key(OptionsFor(features), FeatureCache.InputHash(data.Source), limit is int l ? string.Create(CultureInfo.InvariantCulture, $"limit={l}") : null);

    /// <summary>Featurizes the records of one shard (all when shards = 1), in parallel, with progress.</summary>
    public static List<CachedStructure> Featurize(Dataset data, int shard, int shards, CliOutput o, CancellationToken ct, FeatureSet features = FeatureSet.GomS)
    {
        var featurizer = new CrystalFeaturizer(OptionsFor(features));
        var items = data.Records.Select((r, i) => (Record: r, Index: i)).Where(x => FeatureCache.InShard(x.Index, shard, shards)).ToList();
        var result = new List<CachedStructure>(items.Count);
        int failed = 0;
        o.Progress($"featurizing {items.Count} structures", items.Count, advance =>
        {
            foreach (var item in featurizer.FeaturizeMany(items, x => x.Record.Crystal, 0, ct))
            {
                if (item.Graph is null)
                {
                    failed++;
                    o.Warning($"{item.Item.Record.Id}: not featurized ({item.Error?.Message ?? "skipped"})");
                }
                else result.Add(new CachedStructure(item.Item.Index, item.Item.Record.Id, item.Item.Record.Target, item.Graph));
                advance(1);
            }
        });
        if (failed > 0) o.Warning($"{failed} structure(s) could not be featurized and are left out");
        return result;
    }

    /// <summary>
    /// The featurized dataset: read from a complete cache under <paramref name="cacheDir"/> when one exists for this
    /// input and these settings, else featurized now and written there (no cache when <paramref name="cacheDir"/> is null).
    /// </summary>
    public static Dictionary<int, CachedStructure> GetOrCreate(Dataset data, int? limit, string? cacheDir, CliOutput o, CancellationToken ct,
        FeatureSet features = FeatureSet.GomS)
    {
        if (cacheDir is null) return Featurize(data, 0, 1, o, ct, features).ToDictionary(s => s.Index);
        string key = Key(data, limit, features);
        if (FeatureCache.FindComplete(cacheDir, key) is { } parts)
        {
            var cached = FeatureCache.ReadAll(parts, key);
            o.Line($"features read from the cache ({parts.Count} part file(s) in {cacheDir}, key {key})");
            return cached.ToDictionary(s => s.Index);
        }
        var fresh = Featurize(data, 0, 1, o, ct, features);
        string path = FeatureCache.PartPath(cacheDir, key, 0, 1);
        FeatureCache.Write(path, key, fresh);
        o.Line($"features cached in {path}");
        return fresh.ToDictionary(s => s.Index);
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
}
