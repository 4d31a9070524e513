using EOSnet.Cli.Bench;

namespace EOSnet.Cli.Tests;

/// <summary>Re-running a benchmark replaces its section and records and leaves the rest of the page as it was.</summary>
public class BenchmarkStoreTests
{
    [Fact]
    public void Saving_a_section_again_replaces_it_without_growing_the_page()
    {
        var dir = Directory.CreateTempSubdirectory("eosnet-bench-store").FullName;
        try
        {
            var store = new BenchmarkStore(dir);
            var a = new BenchmarkRecord("x.speed", "set", 1, 1.5, "units", "eosnet bench x", "2026-11-27");
            var b = new BenchmarkRecord("y.speed", "set", 1, 7.0, "units", "eosnet bench y", "2026-11-27");
            store.Save(new[] { a }, "X", "first line of X\n\n| table |\n");
            store.Save(new[] { b }, "Y", "\nbody of Y\n");
            string page = File.ReadAllText(Path.Combine(dir, "benchmarks.md"));
            store.Save(new[] { a with { Value = 2.5 } }, "X", "first line of X\n\n| table |\n");
            store.Save(new[] { b }, "Y", "\nbody of Y\n");
            Assert.Equal(page, File.ReadAllText(Path.Combine(dir, "benchmarks.md")));
            Assert.Contains("## X\n\nfirst line of X\n\n| table |\n\n## Y\n\nbody of Y\n", page.ReplaceLineEndings("\n"));
            var records = store.Load();
            Assert.Equal(2, records.Count);
            Assert.Equal(2.5, records.Single(r => r.Name == "x.speed").Value);
        }
        finally { Directory.Delete(dir, true); }
    }
}
