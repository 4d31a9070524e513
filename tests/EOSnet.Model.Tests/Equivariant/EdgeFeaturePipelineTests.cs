using System.Text.Json;
using EOSnet.Crystals;
using EOSnet.Featurization;
using EOSnet.Model.Equivariant;
using EOSnet.TestSupport;
using Xunit.Abstractions;

namespace EOSnet.Model.Tests.Equivariant;

/// <summary>
/// Structure → <see cref="EquivariantGraphBuilder"/> → harmonics and radial basis, against the reference's per-edge
/// features. Edges are matched by (source, destination, shift): the reference orders exact distance ties differently
/// (see EquivariantGraphGoldenTests), which changes nothing per edge.
/// </summary>
public class EdgeFeaturePipelineTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void Our_graph_yields_the_reference_edge_sh_and_edge_radial_for_every_edge()
    {
        using var inputs = V2Golden.Load("inputs");
        using var features = V2Golden.Load("edge_features");
        var structures = V2Golden.Structures(inputs);
        var reference = V2Golden.Structures(features);
        var basis = new RadialBasis();
        double worstSh = 0, worstRadial = 0;
        foreach (var name in V2Golden.StructureNames)
        {
            var s = structures.GetProperty(name);
            var graph = EquivariantGraphBuilder.Build(ReadCrystal(s));
            var index = s.GetProperty("edge_index").ToIntMatrix();
            var shift = s.GetProperty("edge_shift_S").ToIntMatrix();
            var position = new Dictionary<(int, int, int, int, int), int>();
            for (int e = 0; e < shift.Length; e++) position.Add((index[0][e], index[1][e], shift[e][0], shift[e][1], shift[e][2]), e);
            var sh = reference.GetProperty(name).GetProperty("float64").GetProperty("edge_sh").ToMatrix();
            var radial = reference.GetProperty(name).GetProperty("float64_exactconst").GetProperty("edge_radial").ToMatrix();
            Assert.Equal(sh.Length, graph.EdgeCount);
            var ourSh = SphericalHarmonics.EvaluateMany(graph.Vectors);
            var ourRadial = basis.EvaluateMany(graph.Lengths);
            for (int e = 0; e < graph.EdgeCount; e++)
            {
                var (a, b, c) = graph.Shift(e);
                Assert.True(position.TryGetValue((graph.Sources[e], graph.Destinations[e], a, b, c), out int r), $"{name}: edge {e} is not in the reference");
                for (int m = 0; m < 9; m++) worstSh = Math.Max(worstSh, Math.Abs(ourSh[9 * e + m] - sh[r][m]));
                for (int k = 0; k < 16; k++) worstRadial = Math.Max(worstRadial, Math.Abs(ourRadial[16 * e + k] - radial[r][k]));
            }
        }
        Assert.True(worstSh <= 1e-12, $"edge_sh max |Δ| = {worstSh}");
        Assert.True(worstRadial <= 1e-12, $"edge_radial max |Δ| = {worstRadial}");
        output.WriteLine($"max |Δ| edge_sh {worstSh:G3}, edge_radial {worstRadial:G3}");
    }

    private static Crystal ReadCrystal(JsonElement s)
    {
        var rows = s.GetProperty("lattice_rows_A").ToMatrix().Select(r => new Vec3(r[0], r[1], r[2])).ToArray();
        var positions = s.GetProperty("positions_A").ToMatrix().Select(p => new Vec3(p[0], p[1], p[2]));
        return Crystal.FromCartesian(new Lattice(rows[0], rows[1], rows[2]), s.GetProperty("atomic_numbers").ToInts(), positions);
    }
}
