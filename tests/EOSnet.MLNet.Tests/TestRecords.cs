using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using EOSnet.TestSupport;

namespace EOSnet.MLNet.Tests;

/// <summary>Real structures for the tests: the first records of the shared perovskites file.</summary>
internal static class TestRecords
{
    /// <summary>The first <paramref name="count"/> records of matbench_perovskites.</summary>
    public static List<CrystalRecord> Perovskites(int count) =>
        new MatbenchJsonReader(SharedData.Data("matbench_perovskites.json.gz")).Read().Take(count).ToList();
}
