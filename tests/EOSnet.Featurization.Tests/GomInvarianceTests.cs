using EOSnet.Crystals;
using EOSnet.TestSupport;

namespace EOSnet.Featurization.Tests;

public class GomInvarianceTests
{
    private static void AssertSame(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double tol, string what)
    {
        for (int k = 0; k < a.Length; k++) Assert.True(Math.Abs(a[k] - b[k]) <= tol, $"{what}: value {k}: {a[k]} vs {b[k]}");
    }

    [SharedDataTheory]
    [InlineData("batio3_222_rattled")]
    [InlineData("tio2_anatase_221_rattled")]
    [InlineData("cif_9000046")]
    public void Rotation_translation_permutation_and_supercell_leave_fingerprints_unchanged(string name)
    {
        using var g = GoldenStructure.Load(name);
        var c = g.Crystal;
        var gom = new GomFingerprint();
        var baseFp = gom.Compute(c);
        double t = 1.1, cs = Math.Cos(t), sn = Math.Sin(t);
        var rotated = gom.Compute(c.Rotate(new[] { 1, 0, 0, 0, cs, -sn, 0, sn, cs }));
        var moved = gom.Compute(c.Translate(new Vec3(-3.3, 0.25, 7.1)));
        var order = Enumerable.Range(0, c.Count).Reverse().ToArray();
        var permuted = gom.Compute(c.Permute(order));
        for (int i = 0; i < c.Count; i++)
        {
            AssertSame(baseFp.Of(i), rotated.Of(i), 1e-10, "rotation");
            AssertSame(baseFp.Of(i), moved.Of(i), 1e-10, "translation");
            AssertSame(baseFp.Of(i), permuted.Of(c.Count - 1 - i), 1e-10, "permutation");
        }
        if (c.Count <= 12)
        {
            var super = gom.Compute(c.Supercell(2, 2, 2));
            for (int i = 0; i < c.Count; i++)
                for (int copy = 0; copy < 8; copy++)
                    AssertSame(baseFp.Of(i), super.Of(8 * i + copy), 1e-10, "supercell");
        }
    }

    [SharedDataFact]
    public void A_tiny_displacement_gives_a_tiny_change_even_at_the_cutoff()
    {
        using var g = GoldenStructure.Load("slab_short_long_triclinic");
        var c = g.Crystal;
        var gom = new GomFingerprint();
        var a = gom.Compute(c);
        var pos = c.CartesianPositions.ToArray();
        pos[1] += new Vec3(1e-7, -1e-7, 1e-7);
        var b = gom.Compute(Crystal.FromCartesian(c.Lattice, c.AtomicNumbers, pos, c.Id));
        double max = 0;
        for (int k = 0; k < a.Fingerprints.Length; k++) max = Math.Max(max, Math.Abs(a.Fingerprints[k] - b.Fingerprints[k]));
        Assert.True(max < 1e-5, $"max change {max}");
        // Continuity at the cutoff: an atom moving across r_c enters with amplitude (1 − d²/r_c²)² ≈ 0.
        var lattice = Lattice.FromParameters(30, 30, 30, 90, 90, 90);
        Crystal Pair(double d) => Crystal.FromCartesian(lattice, new[] { 14, 14 }, new[] { new Vec3(0, 0, 0), new Vec3(d, 0, 0) });
        var inside = gom.Compute(Pair(6.0 - 1e-9)).Of(0).ToArray();
        var outside = gom.Compute(Pair(6.0 + 1e-9)).Of(0).ToArray();
        AssertSame(inside, outside, 1e-12, "cutoff continuity");
    }
}
