using EOSnet.Model.Equivariant;
using EOSnet.TestSupport;
using Xunit.Abstractions;

namespace EOSnet.Model.Tests.Equivariant;

public class RadialBasisTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void Constants_equal_the_exact_reference_constants()
    {
        using var doc = V2Golden.Load("e3nn_constants");
        var rb = doc.RootElement.GetProperty("models").GetProperty("default").GetProperty("radial_basis");
        var basis = new RadialBasis();
        Assert.Equal(rb.GetProperty("width_exact_float64").GetDouble(), basis.Width);
        Assert.Equal(1.7578125, basis.Width);
        Assert.Equal(rb.GetProperty("cutoff").GetDouble(), basis.Cutoff);
        var centers = rb.GetProperty("centers_exact_float64").ToDoubles();
        Assert.Equal(16, basis.Count);
        for (int k = 0; k < 16; k++) Assert.Equal(centers[k], basis.Centers[k], 1e-15);
    }

    [SharedDataFact]
    public void Matches_the_reference_edge_radial_of_all_seven_structures()
    {
        using var features = V2Golden.Load("edge_features");
        var structures = V2Golden.Structures(features);
        var basis = new RadialBasis();
        double worst = 0, worstLength = 0;
        using var inputs = V2Golden.Load("inputs");
        var inputStructures = V2Golden.Structures(inputs);
        foreach (var name in V2Golden.StructureNames)
        {
            var s = structures.GetProperty(name);
            var lengths = s.GetProperty("float64").GetProperty("edge_length").ToDoubles();
            var vec = V2Golden.Flatten(inputStructures.GetProperty(name).GetProperty("edge_vec_A"));
            for (int e = 0; e < lengths.Length; e++)
            {
                double ours = Math.Sqrt(vec[3 * e] * vec[3 * e] + vec[3 * e + 1] * vec[3 * e + 1] + vec[3 * e + 2] * vec[3 * e + 2]);
                worstLength = Math.Max(worstLength, Math.Abs(ours - lengths[e]));
            }
            var expected = V2Golden.Flatten(s.GetProperty("float64_exactconst").GetProperty("edge_radial"));
            var got = basis.EvaluateMany(lengths);
            Assert.Equal(expected.Length, got.Length);
            for (int k = 0; k < got.Length; k++)
            {
                double d = Math.Abs(got[k] - expected[k]);
                worst = Math.Max(worst, d);
                Assert.True(d <= 1e-12, $"{name} edge {k / 16} basis {k % 16}: {got[k]} vs {expected[k]}");
            }
        }
        Assert.True(worstLength <= 1e-12, $"edge lengths differ by {worstLength}");
        output.WriteLine($"max |Δ| edge_radial (float64_exactconst): {worst:G3}; edge lengths: {worstLength:G3}");
    }

    [SharedDataFact]
    public void With_the_float32_constants_it_reproduces_the_reference_float64_variant()
    {
        using var constants = V2Golden.Load("e3nn_constants");
        var rb = constants.RootElement.GetProperty("models").GetProperty("default").GetProperty("radial_basis");
        double width = (float)rb.GetProperty("width_float32_as_used").GetDouble();
        Assert.Equal(1.757812261581421, width, 1e-15);
        var basis = new RadialBasis(rb.GetProperty("centers_float32").ToDoubles().Select(c => (double)(float)c).ToArray(), width);
        using var features = V2Golden.Load("edge_features");
        double worst = 0, exactVsFloat = 0;
        foreach (var s in V2Golden.Structures(features).EnumerateObject())
        {
            var v = s.Value.GetProperty("float64");
            var got = basis.EvaluateMany(v.GetProperty("edge_length").ToDoubles());
            var expected = V2Golden.Flatten(v.GetProperty("edge_radial"));
            var exact = V2Golden.Flatten(s.Value.GetProperty("float64_exactconst").GetProperty("edge_radial"));
            Assert.Equal(expected.Length, got.Length);
            for (int k = 0; k < got.Length; k++)
            {
                worst = Math.Max(worst, Math.Abs(got[k] - expected[k]));
                exactVsFloat = Math.Max(exactVsFloat, Math.Abs(exact[k] - expected[k]));
            }
        }
        Assert.True(worst <= 1e-12, $"max |Δ| = {worst}");
        Assert.True(exactVsFloat > 1e-9, "the two variants differ, so this test tells them apart");
        output.WriteLine($"max |Δ| edge_radial (float64, float32 constants): {worst:G3}; float64 vs exactconst: {exactVsFloat:G3}");
    }

    [Fact]
    public void Envelope_goes_smoothly_to_zero_at_the_cutoff()
    {
        var basis = new RadialBasis();
        Assert.Equal(1.0, basis.Envelope(0));
        Assert.Equal(0.0, basis.Envelope(8.0));
        Assert.Equal(0.0, basis.Envelope(9.5));
        Assert.All(basis.Evaluate(8.0), v => Assert.Equal(0.0, v));
        double h = 1e-4, below = basis.Envelope(8 - h);
        Assert.True(below < 1e-10, $"envelope near the cutoff {below}"); // ~ (2h/8)³: third-order zero
        var at4 = basis.Evaluate(4.0);
        double env = Math.Pow(1 - 0.25, 3);
        Assert.Equal(Math.Exp(-1.7578125 * Math.Pow(4 - 8.0 * 7 / 15, 2)) * env, at4[7], 1e-15);
    }

    [Fact]
    public void Settings_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RadialBasis(count: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RadialBasis(cutoff: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RadialBasis(width: -1));
        Assert.Equal(0.5 / 0.25, new RadialBasis(count: 5, cutoff: 2).Width);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RadialBasis([1.0], 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RadialBasis([0.0, double.NaN], 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RadialBasis([0.0, 1.0], 0.0));
    }
}
