using EOSnet.TestSupport;

namespace EOSnet.Featurization.Tests;

public class FeatureCacheTests
{
    private static List<CachedStructure> Sample()
    {
        var f = new CrystalFeaturizer();
        return new[] { "srtio3_cubic", "si_diamond_prim", "tio2_anatase_221_rattled" }.Select((name, i) =>
        {
            using var g = GoldenStructure.Load(name);
            return new CachedStructure(i, name, i == 1 ? null : 0.5 * i, f.Featurize(g.Crystal)!);
        }).ToList();
    }

    [SharedDataFact]
    public void Round_trip_keeps_every_value_and_shards_merge_in_input_order()
    {
        var dir = Directory.CreateTempSubdirectory("featcache").FullName;
        var all = Sample();
        FeatureCache.Write(FeatureCache.PartPath(dir, "k1", 1, 2), "k1", all.Where(s => FeatureCache.InShard(s.Index, 1, 2)));
        Assert.Null(FeatureCache.FindComplete(dir, "k1")); // one of two shards only
        FeatureCache.Write(FeatureCache.PartPath(dir, "k1", 0, 2), "k1", all.Where(s => FeatureCache.InShard(s.Index, 0, 2)));
        var parts = FeatureCache.FindComplete(dir, "k1");
        Assert.NotNull(parts);
        var back = FeatureCache.ReadAll(parts!, "k1");
        Assert.Equal(all.Count, back.Count);
        for (int i = 0; i < all.Count; i++)
        {
            Assert.Equal(all[i].Index, back[i].Index);
            Assert.Equal(all[i].Id, back[i].Id);
            Assert.Equal(all[i].Target, back[i].Target);
            Assert.Equal(all[i].Graph.AtomicNumbers, back[i].Graph.AtomicNumbers);
            Assert.Equal(all[i].Graph.AtomFingerprints, back[i].Graph.AtomFingerprints);
            Assert.Equal(all[i].Graph.NeighborIndices, back[i].Graph.NeighborIndices);
            Assert.Equal(all[i].Graph.NeighborDistances, back[i].Graph.NeighborDistances);
        }
    }

    [SharedDataFact]
    public void Corrupted_truncated_or_foreign_files_are_refused()
    {
        var dir = Directory.CreateTempSubdirectory("featcache").FullName;
        string path = FeatureCache.PartPath(dir, "k2", 0, 1);
        FeatureCache.Write(path, "k2", Sample());
        Assert.Throws<FeatureCacheException>(() => FeatureCache.Read(path, "another-key"));
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("checksum", Assert.Throws<FeatureCacheException>(() => FeatureCache.Read(path)).Message);
        File.WriteAllBytes(path, bytes.AsSpan(0, 100).ToArray());
        Assert.Throws<FeatureCacheException>(() => FeatureCache.Read(path));
    }

    [Fact]
    public void Key_changes_with_options_and_input()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "a");
        string h1 = FeatureCache.InputHash(file);
        string k = FeatureCache.Key(new FeaturizerOptions(), h1);
        Assert.Equal(k, FeatureCache.Key(new FeaturizerOptions(), h1));
        Assert.NotEqual(k, FeatureCache.Key(new FeaturizerOptions { Gom = GomOptions.SPDefault }, h1));
        File.WriteAllText(file, "b");
        Assert.NotEqual(k, FeatureCache.Key(new FeaturizerOptions(), FeatureCache.InputHash(file)));
    }
}
