using EOSnet.Crystals.IO;

namespace EOSnet.Crystals.Tests.IO;

public class EdgeCaseTests
{
    private static string Write(string name, string content)
    {
        var dir = Directory.CreateTempSubdirectory("eosnet-io").FullName;
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Cif_with_odd_column_order_quotes_text_fields_missing_values_and_two_blocks()
    {
        var path = Write("two.cif", """
            # comment
            data_first
            _cell_length_a 4.0(1)
            _cell_length_b 4.0
            _cell_length_c 4.0
            _cell_angle_alpha 90
            _cell_angle_beta 90.
            _cell_angle_gamma 90
            _journal_name_full 'It''s a "quote"'
            _publ_section_title
            ;
            A title over
            several lines
            ;
            _symmetry_space_group_name_H-M 'P 1'
            loop_
            _atom_site_fract_z
            _atom_site_label
            _atom_site_occupancy
            _atom_site_fract_x
            _atom_site_fract_y
            0.5 Cs1 ? .0 0.0
            .5 Cl1 1 0.5 0.50(3)
            loop_
            _geom_bond_atom_site_label_1
            _geom_bond_distance
            Cs1 3.46
            data_second
            _cell_length_a 3
            _cell_length_b 3
            _cell_length_c 3
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            loop_
            _symmetry_equiv_pos_as_xyz
            'x, y, z'
            '-x+1/2, -y+1/2, z+1/2'
            loop_
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Fe2+ 0 0 0
            """);
        var recs = new CifReader(path).Read().ToList();
        Assert.Equal(new[] { "first", "second" }, recs.Select(r => r.Id));
        Assert.Equal(new[] { 55, 17 }, recs[0].Crystal.AtomicNumbers.ToArray());
        Assert.Equal(new Vec3(0, 0, 0.5), recs[0].Crystal.FractionalPositions[0]);
        Assert.Equal(new Vec3(0.5, 0.5, 0.5), recs[0].Crystal.FractionalPositions[1]);
        Assert.Equal(2, recs[1].Crystal.Count); // Fe at 0,0,0 and its image at 1/2,1/2,1/2
        Assert.All(recs[1].Crystal.AtomicNumbers, z => Assert.Equal(26, z));
    }

    [Fact]
    public void Broken_cif_errors_name_file_and_line()
    {
        var path = Write("bad.cif", "data_x\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nQq 0 0 0\n");
        var ex = Assert.Throws<UnrecognizedSpeciesException>(() => new CifReader(path).Read().ToList());
        Assert.Contains("bad.cif", ex.Message);
        Assert.Equal(13, ex.Line);
        Assert.Contains("'Qq' names no element", ex.Message);
        var unterminated = Write("bad2.cif", "data_x\n_title 'open\n");
        var ex2 = Assert.Throws<StructureFormatException>(() => new CifReader(unterminated).Read().ToList());
        Assert.Equal(2, ex2.Line);
    }

    [Fact]
    public void Poscar_vasp4_negative_scale_cartesian_selective_dynamics_and_three_scales()
    {
        // VASP 4: species from the comment line; negative scale = volume 64 Å³ (cube of 4 Å from a unit cube).
        var v4 = Write("POSCAR", "Na Cl\n-64\n1 0 0\n0 1 0\n0 0 1\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n");
        var c = PoscarReader.ReadFile(v4);
        Assert.Equal(64, c.Lattice.Volume, 9);
        Assert.Equal(new[] { 11, 17 }, c.AtomicNumbers.ToArray());
        Assert.Equal("POSCAR", c.Id);
        var sd = Write("sd.vasp", "test\n2.0\n2 0 0\n0 2 0\n0 0 2\nSi O Si\n1 1 1\nSelective dynamics\nCartesian\n0 0 0 T T F\n1 1 1 F F F Si\n2 0 0 T T T\n");
        var s = PoscarReader.ReadFile(sd);
        Assert.Equal(new[] { 14, 8, 14 }, s.AtomicNumbers.ToArray()); // species repeated in the header is fine
        Assert.Equal(new Vec3(2, 2, 2), s.CartesianPositions[1]);     // Cartesian scaled too
        Assert.Equal(new Vec3(1, 0, 0), s.FractionalPositions[2]);       // (2,0,0)·2 = 4 Å along a 4 Å axis
        var three = Write("three.vasp", "t\n1 2 3\n1 0 0\n0 1 0\n0 0 1\nFe_pv\n1\nd\n0.5 0.5 0.5\n");
        var t = PoscarReader.ReadFile(three);
        Assert.Equal((1.0, 2.0, 3.0), t.Lattice.Lengths);
        Assert.Equal(26, t.AtomicNumbers[0]);
        var truncated = Write("trunc.vasp", "t\n1\n1 0 0\n0 1 0\n0 0 1\nSi\n2\nDirect\n0 0 0\n");
        var ex = Assert.Throws<StructureFormatException>(() => PoscarReader.ReadFile(truncated));
        Assert.Contains("trunc.vasp", ex.Message);
        Assert.Equal(10, ex.Line);
    }

    [Fact]
    public void Extxyz_with_quoted_info_extra_columns_and_errors_with_lines()
    {
        var path = Write("a.extxyz", "2\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3:magmom:R:1 struct_id=\"my id\" target=-1.5 note='two words' pbc=\"T T T\"\nNa 0 0 0 0.1\nCl 2 2 2 -0.1\n1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nCu 0 0 0\n");
        var recs = new ExtxyzReader(path).Read().ToList();
        Assert.Equal(2, recs.Count);
        Assert.Equal("my id", recs[0].Id);
        Assert.Equal(-1.5, recs[0].Target);
        Assert.Equal("two words", recs[0].Properties["note"]);
        Assert.Equal("struct_1", recs[1].Id);
        Assert.Null(recs[1].Target);
        var bad = Write("b.extxyz", "2\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3\nNa 0 0 0\nXx 1 1 1\n");
        var ex = Assert.Throws<StructureFormatException>(() => new ExtxyzReader(bad).Read().ToList());
        Assert.Equal(4, ex.Line);
        Assert.Contains("b.extxyz", ex.Message);
        var noCell = Write("c.extxyz", "1\nProperties=species:S:1:pos:R:3\nNa 0 0 0\n");
        Assert.Contains("Lattice", Assert.Throws<StructureFormatException>(() => new ExtxyzReader(noCell).Read().ToList()).Message);
    }

    [Fact]
    public void Matbench_json_handles_booleans_and_reports_bad_rows_by_id()
    {
        string site(string el, string abc) => $$"""{"species": [{"element": "{{el}}", "occu": 1}], "abc": [{{abc}}], "label": "{{el}}"}""";
        string structure(string sites) => $$"""{"lattice": {"matrix": [[4,0,0],[0,4,0],[0,0,4]]}, "sites": [{{sites}}]}""";
        var good = Write("d.json", $$"""{"index": ["a", "b"], "columns": ["structure", "is_metal"], "data": [[{{structure(site("Cu", "0,0,0"))}}, true], [{{structure(site("Na", "0,0,0") + "," + site("Cl", "0.5,0.5,0.5"))}}, false]]}""");
        var recs = new MatbenchJsonReader(good).Read().ToList();
        Assert.Equal(new double?[] { 1, 0 }, recs.Select(r => r.Target));
        Assert.Equal("b", recs[1].Id);
        var badRow = "[{\"lattice\": {}}, 2.0]";
        var bad = Write("e.json", $$"""{"index": ["a", "b"], "columns": ["structure", "t"], "data": [[{{structure(site("Cu", "0,0,0"))}}, 1.0], {{badRow}}]}""");
        var ex = Assert.Throws<StructureFormatException>(() => new MatbenchJsonReader(bad).Read().ToList());
        Assert.Equal("b", ex.Record);
        Assert.Contains("e.json", ex.Message);
        var truncated = Write("f.json", "{\"index\": [\"a\"], \"columns\": [\"structure\", \"t\"], \"data\": [[{\"lattice\"");
        Assert.Throws<StructureFormatException>(() => new MatbenchJsonReader(truncated).Read().ToList());
    }

    [Fact]
    public void Symmetry_operations_parse_fractions_and_mixed_terms()
    {
        var op = SymmetryOperation.Parse("-x+1/2, y-x, 1/4+Z");
        Assert.Equal(new Vec3(0.4, 0.1, 0.55), op.Apply(new Vec3(0.1, 0.2, 0.3)), (a, b) => (a - b).Length < 1e-12);
        Assert.Throws<FormatException>(() => SymmetryOperation.Parse("x,y"));
        Assert.Throws<FormatException>(() => SymmetryOperation.Parse("x,y,w"));
    }
}
