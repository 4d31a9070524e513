using EOSnet.Crystals.Neighbors;
using EOSnet.TestSupport;

namespace EOSnet.Featurization.Tests;

public class GraphGoldenTests
{
    public static TheoryData<string> Names() => GoldenData.Names();

    private static FeaturizerOptions Reference => new() { Graph = new GraphOptions { IsolatedAtoms = IsolatedAtomPolicy.ReferencePadding } };

    [SharedDataFact]
    public void Gaussian_centres_are_bit_exact()
    {
        using var doc = SharedData.LoadGolden("gdf_filter");
        var expected = doc.RootElement.GetProperty("centers").ToDoubles();
        var ours = new GaussianDistance().Centres;
        Assert.Equal(76, ours.Length);
        for (int k = 0; k < 76; k++) Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k]), BitConverter.DoubleToInt64Bits(ours[k]));
    }

    [SharedDataTheory]
    [MemberData(nameof(Names))]
    public void Edge_features_of_atom_0_match_both_eras(string name)
    {
        using var g = GoldenStructure.Load(name);
        var graph = new CrystalFeaturizer(Reference).Featurize(g.Crystal)!;
        var expected = g.Outputs.GetProperty("nbr_fea_atom0").ToMatrix();
        var gd = new GaussianDistance();
        for (int k = 0; k < 12; k++)
        {
            var e = gd.Expand(graph.NeighborDistances[k]);
            for (int c = 0; c < 76; c++)
                Assert.True(Math.Abs(e[c] - expected[k][c]) <= 1e-12, $"{name} slot {k} centre {c}: {e[c]} vs {expected[k][c]}");
        }

        var paper = g.Outputs.GetProperty("paper_era_atom0");
        var paperOptions = new FeaturizerOptions { Graph = new GraphOptions { Padding = NeighborPadding.ZeroIndexFar, IsolatedAtoms = IsolatedAtomPolicy.ReferencePadding } };
        var pg = new CrystalFeaturizer(paperOptions).Featurize(g.Crystal)!;
        Assert.Equal(paper.GetProperty("nbr_indices").ToInts(), pg.NeighborIndices[..12]);
        var pd = paper.GetProperty("nbr_distances").ToDoubles();
        var pf = paper.GetProperty("nbr_fea_l2").ToMatrix();
        var l2 = new GaussianDistance(normalization: EdgeNormalization.L2);
        for (int k = 0; k < 12; k++)
        {
            Assert.True(Math.Abs(pg.NeighborDistances[k] - pd[k]) <= 1e-12);
            var e = l2.Expand(pg.NeighborDistances[k]);
            for (int c = 0; c < 76; c++) Assert.True(Math.Abs(e[c] - pf[k][c]) <= 1e-12, $"{name} paper slot {k} centre {c}");
        }
    }

    [SharedDataFact]
    public void Sparse_helium_is_padded_by_repeating_the_last_neighbour()
    {
        using var g = GoldenStructure.Load("he_sc7_sparse_padding");
        var warnings = new List<string>();
        var graph = new CrystalFeaturizer().Featurize(g.Crystal, warnings.Add)!;
        Assert.Equal(g.Outputs.GetProperty("nbr_indices").ToIntMatrix()[0], graph.NeighborIndices);
        var d = g.Outputs.GetProperty("nbr_distances").ToMatrix()[0];
        for (int k = 0; k < 12; k++) Assert.Equal(d[k], graph.NeighborDistances[k], 12);
        Assert.Contains(warnings, w => w.Contains("fewer than 12 neighbours"));
        Assert.Equal(1f, graph.AtomFingerprints[0]);
        Assert.All(graph.AtomFingerprints[1..], v => Assert.Equal(0f, v));
    }

    [SharedDataFact]
    public void An_isolated_atom_is_an_error_by_default_and_reference_padding_on_request()
    {
        using var g = GoldenStructure.Load("ar_sc9_isolated");
        var ex = Assert.Throws<FeaturizationException>(() => new CrystalFeaturizer().Featurize(g.Crystal));
        Assert.Contains("ar_sc9_isolated", ex.Message);
        Assert.Contains("atom 0 (Ar)", ex.Message);
        Assert.Contains("8 Å", ex.Message);
        var graph = new CrystalFeaturizer(Reference).Featurize(g.Crystal)!;
        Assert.All(graph.NeighborIndices, j => Assert.Equal(0, j));
        Assert.All(graph.NeighborDistances, d => Assert.Equal(9.0, d));
        var skip = new FeaturizerOptions { Graph = new GraphOptions { IsolatedAtoms = IsolatedAtomPolicy.SkipStructure } };
        Assert.Null(new CrystalFeaturizer(skip).Featurize(g.Crystal));
    }

    [SharedDataFact]
    public void Dense_hydrogen_spheres_are_clamped_to_256_with_a_warning()
    {
        using var g = GoldenStructure.Load("dense_h_fcc_rattled_natx_trunc");
        var warnings = new List<string>();
        var r = new GomFingerprint().Compute(g.Crystal, warn: warnings.Add);
        Assert.All(r.SphereSizes, s => Assert.Equal(256, s));
        Assert.All(r.SphereSizesUnclamped, s => Assert.InRange(s, 316, 321));
        Assert.Equal(4, warnings.Count);
        var strict = new GomFingerprint(new GomOptions { Overflow = SphereOverflowPolicy.Error });
        Assert.Throws<FeaturizationException>(() => strict.Compute(g.Crystal));
    }

    [SharedDataTheory]
    [MemberData(nameof(Names))]
    public void Featurized_graph_is_consistent_and_atom_features_have_179_values(string name)
    {
        using var g = GoldenStructure.Load(name);
        var graph = new CrystalFeaturizer(Reference).Featurize(g.Crystal)!;
        graph.Validate();
        var features = AtomFeatures.Build(graph);
        Assert.Equal(g.Crystal.Count * 179, features.Length);
        for (int i = 0; i < g.Crystal.Count; i++)
        {
            Assert.Equal(1f, features[i * 179 + g.Crystal.AtomicNumbers[i]]);
            Assert.Equal(1f, features.AsSpan(i * 179, 113).ToArray().Sum());
        }
    }
}
