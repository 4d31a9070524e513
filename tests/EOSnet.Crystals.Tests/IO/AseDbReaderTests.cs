using EOSnet.Crystals.IO;

namespace EOSnet.Crystals.Tests.IO;

/// <summary>ASE's SQLite databases (issue 28): a fixture written by ASE itself reads to the same structures as ASE's extxyz export.</summary>
public sealed class AseDbReaderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void An_ase_database_reads_to_the_same_structures_as_its_extxyz_export()
    {
        var fromDb = new AseDbReader(Fixture("ase-fixture.db")).ReadRows().Where(r => r.Record is not null).Select(r => r.Record!).ToList();
        var fromXyz = new ExtxyzReader(Fixture("ase-fixture.extxyz")).Read().ToList();
        Assert.Equal(7, fromXyz.Count);
        Assert.Equal(fromXyz.Select(r => r.Id), fromDb.Select(r => r.Id));
        Assert.Equal(fromXyz.Select(r => r.Target), fromDb.Select(r => r.Target));
        for (int k = 0; k < fromXyz.Count; k++)
        {
            Crystal a = fromDb[k].Crystal, b = fromXyz[k].Crystal;
            Assert.Equal(b.AtomicNumbers.ToArray(), a.AtomicNumbers.ToArray());
            for (int i = 0; i < 3; i++) Assert.True((a.Lattice[i] - b.Lattice[i]).Length < 1e-7, $"{fromDb[k].Id} lattice row {i}");
            for (int i = 0; i < a.Count; i++)
                Assert.True((a.CartesianPositions[i] - b.CartesianPositions[i]).Length < 1e-7, $"{fromDb[k].Id} atom {i}");
        }
        Assert.Equal(new[] { ("Mg", 8), ("O", 8) }, fromDb.Single(r => r.Id == "mgo_222").Crystal.Composition.ToArray());
    }

    [Fact]
    public void A_row_without_periodic_boundaries_is_refused_by_itself()
    {
        var rows = new AseDbReader(Fixture("ase-fixture.db")).ReadRows().ToList();
        Assert.Equal(8, rows.Count);
        Assert.All(rows.Take(7), r => Assert.NotNull(r.Record));
        Assert.Equal("row 8", rows[7].Name);
        Assert.Contains("not periodic", rows[7].Error!.Message);
        Assert.Contains("ase-fixture.db", rows[7].Error!.Message);

        var read = new List<CrystalRecord>();
        var ex = Assert.Throws<StructureFormatException>(() => { foreach (var r in StructureReader.Read(Fixture("ase-fixture.db"))) read.Add(r); });
        Assert.Equal("row 8", ex.Record);
        Assert.Equal(7, read.Count);
        Assert.Equal(8, StructureReader.ReadEach(Fixture("ase-fixture.db")).Count());
    }

    [Fact]
    public void A_file_that_is_not_an_ase_database_gives_a_clear_error()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("eosnet-db-").FullName, "notes.db");
        File.WriteAllText(path, "this is not SQLite");
        var ex = Assert.Throws<StructureFormatException>(() => new AseDbReader(path).Read().ToList());
        Assert.Contains("not an ASE database", ex.Message);
        Assert.Equal(StructureFileKind.AseDb, StructureReader.Kind(path));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
