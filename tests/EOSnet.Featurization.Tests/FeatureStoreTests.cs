using EOSnet.Crystals;
using EOSnet.TestSupport;

namespace EOSnet.Featurization.Tests;

/// <summary>
/// Featurize once, train many, as a library API: the first <see cref="FeatureStore.GetOrCreate"/> featurizes and
/// writes, the next reads the same structures back; shards written by separate calls make one complete cache.
/// Runs on the committed fixture (no ../shared needed).
/// </summary>
public sealed class FeatureStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("eosnet-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The fixture's first 12 structures, with an unsupported element (Z = 118) at index 5.</summary>
    private static List<CrystalRecord> Records()
    {
        var records = TestFixtures.MaterialsProject().Take(12).ToList();
        var og = Crystal.FromFractional(Lattice.FromParameters(5, 5, 5, 90, 90, 90), [118], [new Vec3(0, 0, 0)], "og");
        records[5] = new CrystalRecord("og", og, 1.0);
        return records;
    }

    private static void AssertSame(IReadOnlyList<CachedStructure> expected, IReadOnlyList<CachedStructure> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Index, actual[i].Index);
            Assert.Equal(expected[i].Id, actual[i].Id);
            Assert.Equal(expected[i].Target, actual[i].Target);
            Assert.Equal(expected[i].Graph.AtomFingerprints, actual[i].Graph.AtomFingerprints);
            Assert.Equal(expected[i].Graph.NeighborIndices, actual[i].Graph.NeighborIndices);
            Assert.Equal(expected[i].Graph.NeighborDistances, actual[i].Graph.NeighborDistances);
        }
    }

    [Fact]
    public void The_first_call_featurizes_and_writes_the_second_reads_the_same_structures()
    {
        var records = Records();
        var store = new FeatureStore(_dir, FeaturizerOptions.Default);
        string key = store.Key(TestFixtures.Path("mp_gap_fixture.json.gz"), FeatureStore.FirstRecords(12));
        var warnings = new List<string>();
        int done = 0;
        var first = store.GetOrCreate(key, records, new SyncProgress(n => done += n), warnings.Add);
        Assert.False(first.FromCache);
        Assert.Equal(12, done);
        Assert.Equal(11, first.Structures.Count);
        Assert.DoesNotContain(first.Structures, s => s.Id == "og");
        Assert.Contains(warnings, w => w.StartsWith("og: not featurized", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 12).Where(i => i != 5), first.Structures.Select(s => s.Index));

        var second = store.GetOrCreate(key, records, new SyncProgress(_ => throw new InvalidOperationException("featurized again")));
        Assert.True(second.FromCache);
        Assert.Equal(first.Parts, second.Parts);
        AssertSame(first.Structures, second.Structures);

        // Another subset of the same file (or other settings) is another key: nothing stale is read.
        Assert.NotEqual(key, store.Key(TestFixtures.Path("mp_gap_fixture.json.gz"), FeatureStore.FirstRecords(11)));
        Assert.NotEqual(key, new FeatureStore(_dir, FeaturizerOptions.Default with { Gom = GomOptions.SPDefault }).Key(TestFixtures.Path("mp_gap_fixture.json.gz"), FeatureStore.FirstRecords(12)));
    }

    [Fact]
    public void Three_shards_written_separately_make_the_complete_cache_of_one_run()
    {
        var records = Records();
        var store = new FeatureStore(_dir, FeaturizerOptions.Default);
        const string key = "fixture-shards";
        var single = FeatureStore.Featurize(store.Options, records, 0, 1);
        for (int shard = 0; shard < 3; shard++)
        {
            Assert.Null(store.FindComplete(key));
            var (path, structures) = store.WriteShard(key, records, shard, 3);
            Assert.True(File.Exists(path));
            Assert.All(structures, s => Assert.Equal(shard, s.Index % 3));
        }
        Assert.Equal(3, store.FindComplete(key)!.Count);
        var read = store.GetOrCreate(key, records);
        Assert.True(read.FromCache);
        AssertSame(single, read.Structures);
    }

    [Fact]
    public void A_shard_outside_the_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureStore.Featurize(FeaturizerOptions.Default, Records(), 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureStore.Featurize(FeaturizerOptions.Default, Records(), 0, 0));
    }

    [Fact]
    public void The_v2_edge_list_is_cached_beside_the_graph_and_read_back_exactly()
    {
        var records = Records();
        var options = FeaturizerOptions.Default with { EquivariantCutoff = 5.0 };
        var store = new FeatureStore(_dir, options);
        string input = TestFixtures.Path("mp_gap_fixture.json.gz");
        string key = store.Key(input, FeatureStore.FirstRecords(12));
        // The edges are part of the key; v1 keys are those of the options without them.
        Assert.NotEqual(FeatureStore.KeyOf(FeaturizerOptions.Default, input, FeatureStore.FirstRecords(12)), key);
        Assert.NotEqual(FeatureStore.KeyOf(options with { EquivariantCutoff = 4.0 }, input, FeatureStore.FirstRecords(12)), key);
        Assert.DoesNotContain("Equivariant", System.Text.Json.JsonSerializer.Serialize(FeaturizerOptions.Default), StringComparison.Ordinal);

        var first = store.GetOrCreate(key, records);
        var second = store.GetOrCreate(key, records);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        AssertSame(first.Structures, second.Structures);
        Assert.Equal(11, second.Structures.Count);
        foreach (var s in second.Structures)
        {
            var expected = EquivariantGraphBuilder.Build(records[s.Index].Crystal, 5.0);
            var edges = s.Edges!;
            Assert.True(expected.EdgeCount > 0);
            Assert.Equal(5.0, edges.Cutoff);
            Assert.Equal(expected.SourceOffsets, edges.SourceOffsets);
            Assert.Equal(expected.Sources, edges.Sources);
            Assert.Equal(expected.Destinations, edges.Destinations);
            Assert.Equal(expected.Shifts, edges.Shifts);
            Assert.Equal(expected.Vectors, edges.Vectors);
            Assert.Equal(expected.Lengths, edges.Lengths);
        }
        Assert.All(FeatureStore.Featurize(FeaturizerOptions.Default, records, 0, 1), s => Assert.Null(s.Edges));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrystalFeaturizer(options with { EquivariantCutoff = 0 }));
    }

    [Fact]
    public void A_cache_file_of_the_first_format_without_edges_is_still_read()
    {
        var records = Records().Take(1).ToList();
        string path = Path.Combine(_dir, "one" + FeatureCache.Extension);
        var written = FeatureStore.Featurize(FeaturizerOptions.Default, records, 0, 1);
        FeatureCache.Write(path, "k", written);
        // The first format is this one with the magic EOSFEAT1 and without the "edges follow" flag (the body's last byte for one record).
        byte[] bytes = File.ReadAllBytes(path);
        var body = bytes.AsSpan(0, bytes.Length - 32).ToArray();
        Assert.Equal(0, body[^1]);
        body = body[..^1];
        int magic = Array.IndexOf(body, (byte)'2');
        Assert.Equal("EOSFEAT2", System.Text.Encoding.ASCII.GetString(body, magic - 7, 8));
        body[magic] = (byte)'1';
        File.WriteAllBytes(path, [.. body, .. System.Security.Cryptography.SHA256.HashData(body)]);
        var read = FeatureCache.Read(path, "k");
        AssertSame(written, read);
        Assert.Null(read[0].Edges);
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
