using EOSnet.Crystals;
using EOSnet.Crystals.IO;

namespace EOSnet.TestSupport;

/// <summary>
/// Small real structures committed with the tests (<c>tests/TestSupport/Fixtures/</c>, copied next to every test
/// binary), so that tests of the ML.NET contract run on any machine, with or without <c>../shared</c>.
/// Source, selection rule and licence: <c>tests/TestSupport/Fixtures/README.md</c>; rebuilt by
/// <c>scripts/make-test-fixture.py</c>.
/// </summary>
public static class TestFixtures
{
    /// <summary>File name of the Materials Project fixture (Matbench json.gz layout, target <c>gap pbe</c> in eV).</summary>
    public const string MaterialsProjectFileName = "mp_gap_fixture.json.gz";

    /// <summary>Number of structures in the Materials Project fixture.</summary>
    public const int MaterialsProjectCount = 40;

    /// <summary>Number of those with a zero gap (metals).</summary>
    public const int MaterialsProjectMetalCount = 20;

    /// <summary>The path of a fixture file next to the test binary.</summary>
    public static string Path(string fileName)
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"test fixture {fileName} was not copied next to the test binary (tests/TestSupport/TestSupport.csproj copies Fixtures/)", path);
        return path;
    }

    /// <summary>
    /// 40 Materials Project structures (2 to 12 sites, 63 elements) with their Matbench v0.1 PBE band gap
    /// (eV) as <see cref="CrystalRecord.Target"/>: 20 metals (gap 0) and 20 gaps spread over 0.06 to 5.5 eV.
    /// A fresh list each call (the records themselves are immutable).
    /// </summary>
    public static List<CrystalRecord> MaterialsProject() =>
        new MatbenchJsonReader(Path(MaterialsProjectFileName)).Read().ToList();

    /// <summary>
    /// The same 40 structures labelled is_metal: <see cref="CrystalRecord.Target"/> is 1 when the gap is 0, else 0.
    /// This label is DERIVED from the gap here (Matbench's mp_is_metal task is defined the same way: in Matbench v0.1
    /// is_metal == (gap pbe == 0) for every entry); it is not read from matbench_mp_is_metal.
    /// </summary>
    public static List<CrystalRecord> MaterialsProjectIsMetal() =>
        MaterialsProject().Select(r => r with { Target = r.Target == 0 ? 1 : 0 }).ToList();
}
