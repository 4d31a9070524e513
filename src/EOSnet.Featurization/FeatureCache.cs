using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EOSnet.Featurization;

/// <summary>One featurized structure in a cache file: its position in the input, id, target (if any) and graph.</summary>
/// <param name="Index">0-based position of the record in the input (part files are merged back in this order).</param>
/// <param name="Id">Record id.</param>
/// <param name="Target">Target value, or null.</param>
/// <param name="Graph">The crystal graph.</param>
public sealed record CachedStructure(int Index, string Id, double? Target, CrystalGraph Graph)
{
    /// <summary>The v2 (e3nn) edge list, when the store's <see cref="FeaturizerOptions.EquivariantCutoff"/> was set; otherwise null.</summary>
    public EquivariantGraph? Edges { get; init; }
}

/// <summary>A cache file is unreadable: wrong format, another key, truncated or failing its checksum.</summary>
public sealed class FeatureCacheException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FeatureCacheException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// Featurize once, train many times: crystal graphs on disk, keyed by the featurizer options and the input's SHA-256,
/// so a changed input file or changed options never reuse stale features. A dataset may be split into shards
/// (<c>KEY.part003-of-016.eosfeat</c>) featurized independently (cluster job arrays) and read back together.
/// File format: magic <c>EOSFEAT2</c>, key, record count, records (index, id, target, Z, float32 fingerprints,
/// neighbour indices and float64 distances; then whether v2 edges follow and, if so, their cutoff, count, sources,
/// destinations, image shifts, float64 vectors and lengths), then the SHA-256 of everything before it. Files of the
/// first format (<c>EOSFEAT1</c>, no edges) are still read. Writes are atomic (temporary file + rename).
/// </summary>
public static class FeatureCache
{
    /// <summary>File extension of cache parts.</summary>
    public const string Extension = ".eosfeat";
    private const string Magic = "EOSFEAT2";
    private const string MagicWithoutEdges = "EOSFEAT1";

    /// <summary>The default cache folder: $EOSNET_CACHE_DIR, else ~/.cache/eosnet/features.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("EOSNET_CACHE_DIR") is { Length: > 0 } d ? d
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "eosnet", "features");

    /// <summary>SHA-256 (hex) of an input file, or of a folder's file names and contents (sorted by name).</summary>
    public static string InputHash(string path)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (Directory.Exists(path))
        {
            foreach (var f in Directory.EnumerateFiles(path).OrderBy(f => f, StringComparer.Ordinal))
            {
                sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(f) + "\n"));
                sha.AppendData(SHA256.HashData(File.ReadAllBytes(f)));
            }
        }
        else
        {
            using var s = File.OpenRead(path);
            sha.AppendData(SHA256.HashData(s));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The cache key: a hash of the featurizer options (as JSON) and the input hash (24 hex digits).</summary>
    public static string Key(FeaturizerOptions options, string inputHash, string? extra = null)
    {
        string json = JsonSerializer.Serialize(options);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{json}\n{inputHash}\n{extra}"));
        return Convert.ToHexStringLower(bytes)[..24];
    }

    /// <summary>The file of shard <paramref name="shard"/> of <paramref name="shards"/>.</summary>
    public static string PartPath(string directory, string key, int shard, int shards) =>
        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{key}.part{shard:D3}-of-{shards:D3}{Extension}"));

    /// <summary>Which records belong to a shard: every <paramref name="shards"/>-th, starting at <paramref name="shard"/>.</summary>
    public static bool InShard(int index, int shard, int shards) => index % shards == shard;

    /// <summary>The part files of a complete cache for <paramref name="key"/> (all shards of one split present), or null.</summary>
    public static IReadOnlyList<string>? FindComplete(string directory, string key)
    {
        if (!Directory.Exists(directory)) return null;
        var bySplit = Directory.EnumerateFiles(directory, key + ".part*" + Extension)
            .Select(f => (File: f, Parsed: ParsePart(Path.GetFileName(f), key)))
            .Where(x => x.Parsed is not null)
            .GroupBy(x => x.Parsed!.Value.Shards);
        foreach (var g in bySplit.OrderBy(g => g.Key))
        {
            var parts = g.OrderBy(x => x.Parsed!.Value.Shard).Select(x => x.File).ToList();
            if (g.Select(x => x.Parsed!.Value.Shard).Distinct().Count() == g.Key) return parts;
        }
        return null;
    }

    private static (int Shard, int Shards)? ParsePart(string name, string key)
    {
        // KEY.partIII-of-NNN.eosfeat
        var core = name[(key.Length + ".part".Length)..^Extension.Length];
        var bits = core.Split("-of-");
        return bits.Length == 2 && int.TryParse(bits[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(bits[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && i < n ? (i, n) : null;
    }

    /// <summary>Writes one cache file atomically; returns the number of structures written.</summary>
    public static int Write(string path, string key, IEnumerable<CachedStructure> items)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var list = items.ToList();
        string tmp = path + $".tmp{Environment.ProcessId}";
        using (var stream = File.Create(tmp))
        {
            using (var hashing = new HashingStream(stream))
            using (var w = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Magic);
                w.Write(key);
                w.Write(list.Count);
                foreach (var s in list) WriteItem(w, s);
                w.Flush();
                stream.Write(hashing.Hash());
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        return list.Count;
    }

    /// <summary>Reads one cache file, checking magic, key (when given) and checksum.</summary>
    public static List<CachedStructure> Read(string path, string? expectedKey = null)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 32 + Magic.Length) throw new FeatureCacheException($"{path}: not a feature cache file (too short)");
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new FeatureCacheException($"{path}: checksum mismatch (truncated or corrupted); delete it and featurize again");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
            string magic = r.ReadString();
            if (magic != Magic && magic != MagicWithoutEdges) throw new FeatureCacheException($"{path}: not a feature cache file");
            string key = r.ReadString();
            if (expectedKey is not null && key != expectedKey) throw new FeatureCacheException($"{path}: written for key {key}, expected {expectedKey} (other input or options)");
            int count = r.ReadInt32();
            var list = new List<CachedStructure>(count);
            for (int k = 0; k < count; k++) list.Add(ReadItem(r, withEdges: magic == Magic));
            return list;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
        {
            throw new FeatureCacheException($"{path}: malformed feature cache ({e.Message})", e);
        }
    }

    /// <summary>Reads all parts and returns their structures in input order.</summary>
    public static List<CachedStructure> ReadAll(IEnumerable<string> parts, string? expectedKey = null) =>
        parts.SelectMany(p => Read(p, expectedKey)).OrderBy(s => s.Index).ToList();

    private static void WriteItem(BinaryWriter w, CachedStructure s)
    {
        var g = s.Graph;
        w.Write(s.Index);
        w.Write(s.Id);
        w.Write(s.Target.HasValue);
        w.Write(s.Target ?? 0);
        w.Write(g.AtomCount);
        w.Write(g.FingerprintLength);
        w.Write(g.MaxNeighbors);
        WriteAll(w, g.AtomicNumbers);
        foreach (float f in g.AtomFingerprints) w.Write(f);
        WriteAll(w, g.NeighborIndices);
        WriteAll(w, g.NeighborDistances);
        w.Write(s.Edges is not null);
        if (s.Edges is { } e) WriteEdges(w, e);
    }

    private static void WriteEdges(BinaryWriter w, EquivariantGraph e)
    {
        w.Write(e.Cutoff);
        w.Write(e.EdgeCount);
        WriteAll(w, e.Sources);
        WriteAll(w, e.Destinations);
        WriteAll(w, e.Shifts);
        WriteAll(w, e.Vectors);
        WriteAll(w, e.Lengths);
    }

    private static void WriteAll(BinaryWriter w, int[] values) { foreach (int v in values) w.Write(v); }
    private static void WriteAll(BinaryWriter w, double[] values) { foreach (double v in values) w.Write(v); }
    private static int[] ReadInts(BinaryReader r, int n) { var a = new int[n]; for (int i = 0; i < n; i++) a[i] = r.ReadInt32(); return a; }
    private static double[] ReadDoubles(BinaryReader r, int n) { var a = new double[n]; for (int i = 0; i < n; i++) a[i] = r.ReadDouble(); return a; }

    private static EquivariantGraph ReadEdges(BinaryReader r, int atoms, string id)
    {
        double cutoff = r.ReadDouble();
        int count = r.ReadInt32();
        if (!(cutoff > 0) || double.IsInfinity(cutoff) || count < 0 || count > 1 << 28) throw new ArgumentException($"record {id}: implausible edge list (cutoff {cutoff}, {count} edges)");
        var sources = ReadInts(r, count);
        var destinations = ReadInts(r, count);
        var shifts = ReadInts(r, 3 * count);
        var vectors = ReadDoubles(r, 3 * count);
        var lengths = ReadDoubles(r, count);
        var offsets = new int[atoms + 1];
        for (int e = 0; e < count; e++)
        {
            if ((uint)sources[e] >= (uint)atoms || (uint)destinations[e] >= (uint)atoms || (e > 0 && sources[e] < sources[e - 1]))
                throw new ArgumentException($"record {id}: edge {e} is out of range or out of order");
            offsets[sources[e] + 1]++;
        }
        for (int i = 0; i < atoms; i++) offsets[i + 1] += offsets[i];
        return new EquivariantGraph(atoms, cutoff, offsets, sources, destinations, shifts, vectors, lengths);
    }

    private static CachedStructure ReadItem(BinaryReader r, bool withEdges)
    {
        int index = r.ReadInt32();
        string id = r.ReadString();
        bool hasTarget = r.ReadBoolean();
        double target = r.ReadDouble();
        int n = r.ReadInt32(), fl = r.ReadInt32(), mn = r.ReadInt32();
        if (n <= 0 || fl < 0 || mn <= 0 || (long)n * (fl + 2L * mn) > 1L << 31) throw new ArgumentException($"record {id}: implausible sizes {n}/{fl}/{mn}");
        var z = ReadInts(r, n);
        var fp = new float[n * fl];
        for (int i = 0; i < fp.Length; i++) fp[i] = r.ReadSingle();
        var idx = ReadInts(r, n * mn);
        var dist = ReadDoubles(r, n * mn);
        var graph = new CrystalGraph(id, z, fp, fl, idx, dist, mn).Validate();
        var edges = withEdges && r.ReadBoolean() ? ReadEdges(r, n, id) : null;
        return new CachedStructure(index, id, hasTarget ? target : null, graph) { Edges = edges };
    }

    /// <summary>Passes writes through and hashes them.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public byte[] Hash() => _sha.GetHashAndReset();
        public override void Write(byte[] buffer, int offset, int count) { _sha.AppendData(buffer, offset, count); inner.Write(buffer, offset, count); }
        public override void Write(ReadOnlySpan<byte> buffer) { _sha.AppendData(buffer); inner.Write(buffer); }
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) _sha.Dispose(); base.Dispose(disposing); }
    }
}
