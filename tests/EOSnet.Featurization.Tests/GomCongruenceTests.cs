using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using EOSnet.TestSupport;

namespace EOSnet.Featurization.Tests;

/// <summary>Reusing eigenvalues of congruent spheres changes nothing but the work done.</summary>
public class GomCongruenceTests
{
    private static readonly GomFingerprint WithReuse = new();
    private static readonly GomFingerprint WithoutReuse = new(GomOptions.Default with { ReuseCongruentSpheres = false });

    [SharedDataTheory]
    [InlineData("matbench_perovskites.json.gz", 300, 0.95)]
    [InlineData("matbench_mp_gap.json.gz", 150, 0.6)]
    public void Fingerprints_and_spectra_equal_separate_solves_on_real_structures(string file, int count, double maxSolvedFraction)
    {
        int atoms = 0, solved = 0;
        foreach (var record in new MatbenchJsonReader(SharedData.Data(file)).Read().Take(count))
        {
            var a = WithReuse.Compute(record.Crystal, includeSpectra: true);
            var b = WithoutReuse.Compute(record.Crystal, includeSpectra: true);
            Assert.Equal(record.Crystal.Count, b.SolvedSpheres);
            Assert.Equal(b.SphereSizes, a.SphereSizes);
            for (int k = 0; k < a.Fingerprints.Length; k++)
                Assert.True(Math.Abs(a.Fingerprints[k] - b.Fingerprints[k]) <= 1e-11, $"{record.Id} fingerprint value {k}");
            for (int k = 0; k < a.Spectra!.Length; k++)
                Assert.True(Math.Abs(a.Spectra[k] - b.Spectra![k]) <= 1e-12, $"{record.Id} spectrum value {k}");
            atoms += record.Crystal.Count;
            solved += a.SolvedSpheres;
        }
        // Real crystals have symmetry-equivalent sites: fewer solves than atoms (many perovskites here are distorted
        // or have mixed anions, so few of their sites are equivalent).
        Assert.True(solved < maxSolvedFraction * atoms, $"{solved} solves for {atoms} atoms");
    }

    [SharedDataFact]
    public void Cubic_perovskite_solves_A_B_and_one_oxygen()
    {
        var record = new MatbenchJsonReader(SharedData.Data("matbench_perovskites.json.gz")).Read()
            .First(r => r.Crystal.Count == 5 && IsCubic(r.Crystal.Lattice));
        Assert.Equal(3, WithReuse.Compute(record.Crystal).SolvedSpheres);
    }

    private static bool IsCubic(Lattice l)
    {
        var (a, b, c) = l.Lengths;
        var (al, be, ga) = l.Angles;
        return Math.Abs(a - b) < 1e-9 && Math.Abs(b - c) < 1e-9 && new[] { al, be, ga }.All(x => Math.Abs(x - 90) < 1e-9);
    }

    [SharedDataFact]
    public void Rattled_atoms_are_never_merged_but_supercell_copies_are()
    {
        using var g = GoldenStructure.Load("batio3_222_rattled");
        var c = g.Crystal;
        Assert.Equal(c.Count, WithReuse.Compute(c).SolvedSpheres);
        var super = c.Supercell(2, 1, 1);
        Assert.Equal(c.Count, WithReuse.Compute(super).SolvedSpheres);
        // A displacement far below any physical scale but above the tolerance separates the moved atom from its copy.
        var pos = super.CartesianPositions.ToArray();
        pos[^1] += new Vec3(1e-6, 0, 0);
        Assert.True(WithReuse.Compute(Crystal.FromCartesian(super.Lattice, super.AtomicNumbers, pos)).SolvedSpheres > c.Count);
    }
}
