using System.Text.Json;
using System.Text.RegularExpressions;
using EOSnet.Crystals.IO;
using EOSnet.TestSupport;

namespace EOSnet.Crystals.Tests.IO;

public class FixtureTests
{
    private static readonly string[] Refused = { "cif/ase_test_partial_occupancy.cif", "cif/ase_test_quartz_hm_symbol_only.cif" };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (!SharedData.Available) { data.Add("(no shared data)"); return data; }
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.Data("fixtures/expected_parse.json")));
        foreach (var p in doc.RootElement.EnumerateObject()) if (!Refused.Contains(p.Name)) data.Add(p.Name);
        return data;
    }

    private static Dictionary<string, double> Counts(string formula)
    {
        var d = new Dictionary<string, double>();
        foreach (Match m in Regex.Matches(formula, @"([A-Z][a-z]?)(\d*\.?\d*)"))
            d[m.Groups[1].Value] = d.GetValueOrDefault(m.Groups[1].Value) + (m.Groups[2].Value.Length == 0 ? 1 : double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        return d;
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Every_fixture_parses_like_pymatgen_and_ase(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.Data("fixtures/expected_parse.json")));
        var expected = doc.RootElement.GetProperty(file);
        var records = StructureReader.Read(SharedData.Data("fixtures/" + file)).ToList();
        // pymatgen's reading where it succeeded, else ase's (one entry per frame).
        bool usePmg = expected.TryGetProperty("pymatgen", out var pmg) && pmg.ValueKind == JsonValueKind.Object && !pmg.TryGetProperty("error", out _);
        var frames = usePmg ? new List<JsonElement> { pmg } : expected.GetProperty("ase").EnumerateArray().ToList();
        Assert.Equal(frames.Count, records.Count);
        for (int k = 0; k < frames.Count; k++)
        {
            var c = records[k].Crystal;
            var e = frames[k];
            Assert.Equal(usePmg ? e.GetProperty("n_sites").GetInt32() : e.GetProperty("n_atoms").GetInt32(), c.Count);
            double[] abc, angles;
            if (usePmg) { abc = e.GetProperty("abc").ToDoubles(); angles = e.GetProperty("angles").ToDoubles(); }
            else { var cp = e.GetProperty("cellpar").ToDoubles(); abc = cp[..3]; angles = cp[3..]; }
            var (a, b, cc) = c.Lattice.Lengths;
            var (al, be, ga) = c.Lattice.Angles;
            Assert.Equal(abc, new[] { a, b, cc }, (x, y) => Math.Abs(x - y) < 1e-4);
            Assert.Equal(angles, new[] { al, be, ga }, (x, y) => Math.Abs(x - y) < 1e-3);
            if (usePmg) Assert.Equal(e.GetProperty("volume").GetDouble(), Math.Abs(c.Lattice.Volume), 3);
            var want = Counts(e.GetProperty("formula").GetString()!);
            var have = c.Composition.ToDictionary(x => x.Symbol, x => (double)x.Count);
            Assert.Equal(want.OrderBy(x => x.Key), have.OrderBy(x => x.Key));
            if (!usePmg && e.TryGetProperty("info", out var info) && info.TryGetProperty("struct_id", out var sid))
                Assert.Equal(sid.GetString(), records[k].Id);
        }
    }

    [SharedDataFact]
    public void Partial_occupancy_is_an_error_unless_a_policy_is_chosen()
    {
        var path = SharedData.Data("fixtures/cif/ase_test_partial_occupancy.cif");
        var ex = Assert.Throws<DisorderedStructureException>(() => new CifReader(path).Read().ToList());
        Assert.Contains("ase_test_partial_occupancy.cif", ex.Message);
        Assert.NotNull(ex.Line);
        var majority = new CifReader(path, DisorderPolicy.Majority).Read().Single().Crystal;
        // Fm-3m: Na (0.75, beats K 0.25) on 4a, Cl on 4b, I on 8c → 4 + 4 + 8 sites, as ase reads it.
        Assert.Equal(16, majority.Count);
        Assert.Equal(new[] { ("Na", 4), ("Cl", 4), ("I", 8) }, majority.Composition.ToArray());
        // Every site is partial, so dropping them leaves nothing: a clear error, not an empty crystal.
        var ex2 = Assert.Throws<StructureFormatException>(() => new CifReader(path, DisorderPolicy.DropPartial).Read().ToList());
        Assert.Contains("no atoms", ex2.Message);
    }

    [SharedDataFact]
    public void A_space_group_symbol_without_operations_is_expanded_as_pymatgen_and_ase_expand_it()
    {
        // Only 'P 31 2 1' is given: the operations come from the space-group table. Si at (x, 0, 0) is a general
        // position of P 3_1 2 1 (3a is x, 0, 1/3), so 6 Si and 6 O, as pymatgen and ase read it (expected_parse.json).
        var r = StructureReader.Read(SharedData.Data("fixtures/cif/ase_test_quartz_hm_symbol_only.cif")).Single();
        Assert.Equal(new[] { ("Si", 6), ("O", 6) }, r.Crystal.Composition.ToArray());
        Assert.Equal(95.584801, Math.Abs(r.Crystal.Lattice.Volume), 3);
    }

    [SharedDataFact]
    public void The_golden_poscar_folder_reads_as_a_dataset_and_matches_the_golden_inputs()
    {
        var records = new DatasetFolderReader(SharedData.Golden("poscar")).Read().ToList();
        Assert.Equal(21, records.Count);
        foreach (var r in records)
        {
            using var g = GoldenStructure.Load(r.Id);
            Assert.Equal(g.Crystal.AtomicNumbers.ToArray(), r.Crystal.AtomicNumbers.ToArray());
            for (int i = 0; i < r.Crystal.Count; i++)
                Assert.True((r.Crystal.CartesianPositions[i] - g.Crystal.CartesianPositions[i]).Length <= 1e-9, $"{r.Id} atom {i}");
            Assert.Equal(0.0, r.Target);
        }
    }
}
