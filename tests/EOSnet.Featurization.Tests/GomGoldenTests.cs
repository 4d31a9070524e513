using EOSnet.TestSupport;

namespace EOSnet.Featurization.Tests;

public class GomGoldenTests
{
    public static TheoryData<string> Names() => GoldenData.Names();

    [SharedDataTheory]
    [MemberData(nameof(Names))]
    public void S_spectra_fingerprints_and_sphere_sizes_match_the_reference(string name)
    {
        using var g = GoldenStructure.Load(name);
        var result = new GomFingerprint().Compute(g.Crystal, includeSpectra: true);
        var raw = g.Outputs.GetProperty("gom_fp_s_raw").ToMatrix();
        var fp = g.Outputs.GetProperty("atom_fea_gom_part").ToMatrix();
        Assert.Equal(g.Outputs.GetProperty("n_sphere").ToInts(), result.SphereSizes);
        Assert.Equal(g.Outputs.GetProperty("n_sphere_unclamped").ToInts(), result.SphereSizesUnclamped);
        for (int i = 0; i < g.Crystal.Count; i++)
        {
            var spec = result.SpectrumOf(i);
            Assert.Equal(256, raw[i].Length);
            for (int k = 0; k < 256; k++)
                Assert.True(Math.Abs(spec[k] - raw[i][k]) <= 1e-12, $"{name} atom {i} eigenvalue {k}: {spec[k]} vs {raw[i][k]}");
            var ours = result.Of(i);
            for (int k = 0; k < 66; k++)
                Assert.True(Math.Abs(ours[k] - fp[i][k]) <= 1e-11, $"{name} atom {i} fp {k}: {ours[k]} vs {fp[i][k]}");
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Names))]
    public void SP_spectra_match_the_libfp_convention(string name)
    {
        using var g = GoldenStructure.Load(name);
        if (!g.Root.TryGetProperty("lmax1", out var lmax1)) return; // only six structures carry s+p values
        var expected = lmax1.GetProperty("gom_fp_sp_fplib3_libfp_convention");
        if (expected.ValueKind == System.Text.Json.JsonValueKind.Null) return;
        var result = new GomFingerprint(GomOptions.SPDefault).Compute(g.Crystal, includeSpectra: true);
        var rows = expected.EnumerateArray().ToList();
        int checkedAtoms = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].ValueKind == System.Text.Json.JsonValueKind.Null) continue;
            var want = rows[i].ToDoubles();
            var spec = result.SpectrumOf(i);
            for (int k = 0; k < want.Length; k++)
                Assert.True(Math.Abs(spec[k] - want[k]) <= 1e-12, $"{name} atom {i} s+p eigenvalue {k}: {spec[k]} vs {want[k]}");
            checkedAtoms++;
        }
        Assert.True(checkedAtoms > 0);
    }
}
