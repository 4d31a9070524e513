using EOSnet.Crystals;

namespace EOSnet.MLNet.Tests.FineTuning;

/// <summary>Small rock-salt-like cells (no shared data needed): the target depends on the lattice constant and the elements.</summary>
internal static class SyntheticCrystals
{
    private static readonly (int A, int B)[] Pairs = { (11, 17), (19, 17), (12, 8), (20, 8), (3, 9), (37, 35) };

    /// <summary><paramref name="count"/> two-atom cells with target <c>scale · a + shift</c> plus an element term.</summary>
    public static List<CrystalRecord> Records(int count, double scale = 1.0, double shift = 0.0, int seed = 0)
    {
        var random = new Random(seed);
        var list = new List<CrystalRecord>(count);
        for (int i = 0; i < count; i++)
        {
            var (za, zb) = Pairs[i % Pairs.Length];
            double a = 2.6 + random.NextDouble();
            var lattice = Lattice.FromParameters(a, a, a, 90, 90, 90);
            var crystal = Crystal.FromFractional(lattice, new[] { za, zb }, new[] { new Vec3(0, 0, 0), new Vec3(0.5, 0.5, 0.5) }, $"syn-{i}");
            double target = scale * (a + 0.05 * za - 0.03 * zb) + shift;
            list.Add(new CrystalRecord($"syn-{i}", crystal, target));
        }
        return list;
    }
}
