using System.Globalization;
using EOSnet.Crystals;

namespace EOSnet.Featurization;

/// <summary>
/// Featurize once, train many: a folder of <see cref="FeatureCache"/> part files, keyed by the input file's content,
/// the featurizer settings and any subset marker. <see cref="GetOrCreate"/> reads a complete cache for the key or
/// featurizes (in parallel) and writes one; <see cref="WriteShard"/> featurizes every N-th record into a part file
/// of its own, so that N processes (a Slurm array, a Kubernetes indexed Job) fill one cache together. What is read
/// back is what was written: structure order (the record index), ids, targets and graphs.
/// </summary>
public sealed class FeatureStore
{
    /// <summary>A store in <paramref name="directory"/> for graphs made with <paramref name="options"/>.</summary>
    /// <param name="directory">The cache folder (created on the first write).</param>
    /// <param name="options">The featurizer settings; part of every key.</param>
    public FeatureStore(string directory, FeaturizerOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary>The featurizer settings of every graph in this store.</summary>
    public FeaturizerOptions Options { get; }

    /// <summary>
    /// The key of an input file's records under these settings: its content hash, the settings and
    /// <paramref name="subset"/> (e.g. the first N records only); a changed file or setting gives a new key.
    /// </summary>
    /// <param name="inputPath">The dataset file the records were read from.</param>
    /// <param name="subset">Which part of the file was read (null: all of it), e.g. <see cref="FirstRecords"/>.</param>
    public string Key(string inputPath, string? subset = null) => KeyOf(Options, inputPath, subset);

    /// <summary>The key of an input file's records under <paramref name="options"/> (what <see cref="Key"/> gives a store with them).</summary>
    /// <param name="options">The featurizer settings.</param>
    /// <param name="inputPath">The dataset file the records were read from.</param>
    /// <param name="subset">Which part of the file was read (null: all of it).</param>
    public static string KeyOf(FeaturizerOptions options, string inputPath, string? subset = null) =>
        FeatureCache.Key(options, FeatureCache.InputHash(inputPath), subset);

    /// <summary>The subset marker of the first <paramref name="count"/> records of a file.</summary>
    public static string FirstRecords(int count) => string.Create(CultureInfo.InvariantCulture, $"limit={count}");

    /// <summary>The part files of a complete cache for <paramref name="key"/>, or null when there is none.</summary>
    public IReadOnlyList<string>? FindComplete(string key) => FeatureCache.FindComplete(Directory, key);

    /// <summary>
    /// The featurized records: read from the complete cache for <paramref name="key"/> when there is one, otherwise
    /// featurized now and written as one part file. Records that cannot be featurized are left out (each reported
    /// through <paramref name="warning"/>).
    /// </summary>
    /// <param name="key">From <see cref="Key"/>.</param>
    /// <param name="records">The records, in the order their indices refer to.</param>
    /// <param name="progress">Receives the number of records done since the last report (featurizing only).</param>
    /// <param name="warning">Receives one line per record left out.</param>
    /// <param name="cancellationToken">Stops featurizing between records.</param>
    public FeatureStoreResult GetOrCreate(string key, IReadOnlyList<CrystalRecord> records, IProgress<int>? progress = null,
        Action<string>? warning = null, CancellationToken cancellationToken = default)
    {
        if (FindComplete(key) is { } parts)
            return new FeatureStoreResult(FeatureCache.ReadAll(parts, key), parts, FromCache: true);
        var fresh = Featurize(Options, records, 0, 1, progress, warning, cancellationToken);
        string path = FeatureCache.PartPath(Directory, key, 0, 1);
        FeatureCache.Write(path, key, fresh);
        return new FeatureStoreResult(fresh, [path], FromCache: false);
    }

    /// <summary>
    /// Featurizes shard <paramref name="shard"/> of <paramref name="shards"/> (record i belongs to shard i mod N) and
    /// writes its part file atomically; returns the path and the structures written.
    /// </summary>
    /// <param name="key">From <see cref="Key"/>.</param>
    /// <param name="records">Every record of the input (each shard picks its own).</param>
    /// <param name="shard">0 ≤ shard &lt; shards.</param>
    /// <param name="shards">How many processes share the work.</param>
    /// <param name="progress">Receives the number of records done since the last report.</param>
    /// <param name="warning">Receives one line per record left out.</param>
    /// <param name="cancellationToken">Stops featurizing between records.</param>
    public (string Path, IReadOnlyList<CachedStructure> Structures) WriteShard(string key, IReadOnlyList<CrystalRecord> records, int shard, int shards,
        IProgress<int>? progress = null, Action<string>? warning = null, CancellationToken cancellationToken = default)
    {
        var structures = Featurize(Options, records, shard, shards, progress, warning, cancellationToken);
        string path = FeatureCache.PartPath(Directory, key, shard, shards);
        FeatureCache.Write(path, key, structures);
        return (path, structures);
    }

    /// <summary>
    /// Featurizes the records of one shard (all of them when <paramref name="shards"/> is 1), in parallel, in record
    /// order; a record that cannot be featurized is left out and reported through <paramref name="warning"/>.
    /// </summary>
    /// <param name="options">The featurizer settings.</param>
    /// <param name="records">Every record (each keeps its index in this list).</param>
    /// <param name="shard">0 ≤ shard &lt; shards.</param>
    /// <param name="shards">Number of shards.</param>
    /// <param name="progress">Receives the number of records done since the last report.</param>
    /// <param name="warning">Receives one line per record left out.</param>
    /// <param name="cancellationToken">Stops featurizing between records.</param>
    public static List<CachedStructure> Featurize(FeaturizerOptions options, IReadOnlyList<CrystalRecord> records, int shard, int shards,
        IProgress<int>? progress = null, Action<string>? warning = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, shards);
        var featurizer = new CrystalFeaturizer(options);
        var items = records.Select((r, i) => (Record: r, Index: i)).Where(x => FeatureCache.InShard(x.Index, shard, shards));
        var result = new List<CachedStructure>();
        foreach (var item in featurizer.FeaturizeMany(items, x => x.Record.Crystal, 0, cancellationToken))
        {
            if (item.Graph is null) warning?.Invoke($"{item.Item.Record.Id}: not featurized ({item.Error?.Message ?? "skipped"})");
            else result.Add(new CachedStructure(item.Item.Index, item.Item.Record.Id, item.Item.Record.Target, item.Graph) { Edges = item.Edges });
            progress?.Report(1);
        }
        return result;
    }
}

/// <summary>What <see cref="FeatureStore.GetOrCreate"/> returned.</summary>
/// <param name="Structures">The featurized records, in record order (records that could not be featurized are absent).</param>
/// <param name="Parts">The part files read or written.</param>
/// <param name="FromCache">Whether they were read from an existing cache (false: featurized now and written).</param>
public sealed record FeatureStoreResult(IReadOnlyList<CachedStructure> Structures, IReadOnlyList<string> Parts, bool FromCache);
