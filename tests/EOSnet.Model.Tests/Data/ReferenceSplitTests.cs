using EOSnet.Model.Data;
using EOSnet.TestSupport;

namespace EOSnet.Model.Tests.Data;

public class ReferenceSplitTests
{
    [SharedDataFact]
    public void Reproduces_the_reference_split_and_normaliser_sample_for_every_golden_size()
    {
        using var doc = SharedData.LoadGolden("split_shuffle");
        int cases = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            int n = c.GetProperty("N").GetInt32();
            var split = ReferenceSplit.Create(n);
            Assert.Equal(c.GetProperty("shuffled_row_indices").ToInts(), split.Shuffled);
            Assert.Equal(c.GetProperty("train_rows").ToInts(), split.Train);
            Assert.Equal(c.GetProperty("val_rows").ToInts(), split.Validation);
            Assert.Equal(c.GetProperty("test_rows").ToInts(), split.Test);
            if (c.TryGetProperty("normalizer_sample_positions", out var s))
                Assert.Equal(s.ToInts(), split.NormalizerSample);
            cases++;
        }
        Assert.Equal(5, cases);
    }

    [Fact]
    public void Mersenne_twister_matches_the_reference_sequence()
    {
        // CPython 3.11: random.seed(42); random.getrandbits(32) == 2746317213 (checked with python3 on this machine).
        var rng = new PythonRandom(42);
        Assert.Equal(2746317213u, rng.NextUInt32());
    }
}
