using EOSnet.Crystals.IO;

namespace EOSnet.Crystals.Tests.IO;

/// <summary>
/// CIF forms met in real files (issue 25), each as a small fixture written from the CIF specification: symmetry from
/// Hall symbols, Hermann–Mauguin symbols, numbers, magnetic operations; species from labels; dummy and placeholder
/// sites; blocks that fail on their own; warnings for whatever the reader changes.
/// </summary>
public sealed class CifRealWorldTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("eosnet-cif-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string CubicCell = "_cell_length_a 5.64\n_cell_length_b 5.64\n_cell_length_c 5.64\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n";
    private const string SiteLoop = "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n";

    private string Write(string text, string name = "test.cif")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string NaCl(string symmetry) => "data_NaCl\n" + CubicCell + symmetry + "\n" + SiteLoop + "Na1 Na 0 0 0\nCl1 Cl 0.5 0.5 0.5\n";

    [Theory]
    [InlineData("_space_group_name_Hall '-F 4 2 3'")]
    [InlineData("_symmetry_space_group_name_Hall '-F 4 2 3'")]
    [InlineData("_space_group_IT_number 225")]
    [InlineData("_symmetry_Int_Tables_number 225")]
    [InlineData("_symmetry_space_group_name_H-M 'F m -3 m'")]
    [InlineData("_space_group_name_H-M_alt 'Fm-3m'")]
    [InlineData("_symmetry_space_group_name_H-M 'F m 3 m'")]
    [InlineData("_symmetry_space_group_name_H-M Fm3m")]
    public void Rock_salt_from_a_symbol_or_number_alone_has_eight_atoms(string symmetry)
    {
        var c = new CifReader(Write(NaCl(symmetry))).Read().Single().Crystal;
        Assert.Equal(new[] { ("Na", 4), ("Cl", 4) }, c.Composition.ToArray());
    }

    [Theory]
    [InlineData("P 21/n")]
    [InlineData("P2_1/n")]
    [InlineData("P 1 21/n 1")]
    [InlineData("P21/n")]
    public void Monoclinic_short_symbols_give_the_four_general_positions_of_P21n(string symbol)
    {
        var text = "data_m\n_cell_length_a 5\n_cell_length_b 6\n_cell_length_c 7\n_cell_angle_alpha 90\n_cell_angle_beta 100\n_cell_angle_gamma 90\n" +
                   $"_symmetry_space_group_name_H-M '{symbol}'\n" + SiteLoop + "S1 S 0.1 0.2 0.3\n";
        var c = new CifReader(Write(text)).Read().Single().Crystal;
        Assert.Equal(4, c.Count);
        // -x+1/2, y+1/2, -z+1/2 (the n glide with the 2_1 axis along b)
        Assert.Contains(c.FractionalPositions, f => Near(f, new Vec3(0.4, 0.7, 0.2)));
        Assert.Contains(c.FractionalPositions, f => Near(f, new Vec3(0.6, 0.3, 0.8)));
    }

    [Fact]
    public void Quartz_with_only_its_symbol_has_three_formula_units()
    {
        // alpha-quartz in P 3_1 2 1: Si on 3a (x, 0, 1/3), O on 6c: 3 Si + 6 O.
        var text = "data_quartz\n_cell_length_a 4.916\n_cell_length_b 4.916\n_cell_length_c 5.4054\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 120\n" +
                   "_symmetry_space_group_name_H-M 'P 31 2 1'\n" + SiteLoop + "Si Si 0.4697 0 0.333333333\nO O 0.4135 0.2669 0.1191\n";
        var c = new CifReader(Write(text)).Read().Single().Crystal;
        Assert.Equal(new[] { ("Si", 3), ("O", 6) }, c.Composition.ToArray());
    }

    [Fact]
    public void Rhombohedral_symbol_on_a_hexagonal_cell_uses_hexagonal_axes()
    {
        var text = "data_r\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 20\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 120\n" +
                   "_symmetry_space_group_name_H-M 'R -3 m'\n" + SiteLoop + "Bi1 Bi 0 0 0.4\n";
        var r = new CifReader(Write(text)).Read().Single();
        Assert.Equal(6, r.Crystal.Count); // 6c: (0,0,±z) + R centring
        Assert.Contains(r.Warnings, w => w.Contains("setting inferred", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.125 0.125 0.125", "2")]
    [InlineData("0 0 0", "1")]
    public void Origin_choice_of_Fd3m_is_inferred_from_the_formula_and_Z(string position, string choice)
    {
        var text = "data_si\n_chemical_formula_sum Si\n_cell_formula_units_Z 8\n" + CubicCell.Replace("5.64", "5.43", StringComparison.Ordinal) +
                   "_symmetry_space_group_name_H-M 'F d -3 m'\n" + SiteLoop + $"Si1 Si {position}\n";
        var r = new CifReader(Write(text)).Read().Single();
        Assert.Equal(8, r.Crystal.Count);
        Assert.Contains(r.Warnings, w => w.Contains("setting inferred", StringComparison.Ordinal) && w.Contains("setting " + choice, StringComparison.Ordinal));
        // Diamond: every atom has 4 neighbours at a·√3/4.
        var p = r.Crystal.CartesianPositions;
        double nearest = Enumerable.Range(1, p.Length - 1).Min(j => MinImage(r.Crystal, 0, j));
        Assert.Equal(5.43 * Math.Sqrt(3) / 4, nearest, 3);
    }

    [Fact]
    public void Origin_choice_that_the_structure_cannot_decide_is_refused_clearly()
    {
        var text = "data_si\n" + CubicCell + "_symmetry_space_group_name_H-M 'F d -3 m'\n" + SiteLoop + "Si1 Si 0 0 0\n";
        var ex = Assert.Throws<StructureFormatException>(() => new CifReader(Write(text)).Read().ToList());
        Assert.Contains("leaves the setting open", ex.Message);
        Assert.Contains("':1'/':2'", ex.Message);
        Assert.Equal("si", ex.Record);
    }

    [Fact]
    public void Magnetic_operations_with_centring_expand_the_structure_and_ignore_time_reversal()
    {
        var text = "data_mag\n" + CubicCell +
                   "loop_\n_space_group_symop_magn_operation.id\n_space_group_symop_magn_operation.xyz\n1 x,y,z,+1\n2 -x,-y,-z,+1\n" +
                   "loop_\n_space_group_symop_magn_centering.id\n_space_group_symop_magn_centering.xyz\n1 x,y,z,+1\n2 x+1/2,y+1/2,z+1/2,-1\n" +
                   SiteLoop + "Fe1 Fe 0.1 0.2 0.3\n";
        var c = new CifReader(Write(text, "mag.mcif")).Read().Single().Crystal;
        Assert.Equal(4, c.Count);
        Assert.Contains(c.FractionalPositions, f => Near(f, new Vec3(0.4, 0.3, 0.2))); // -x+1/2, -y+1/2, -z+1/2
    }

    [Fact]
    public void Superspace_structures_are_refused_clearly()
    {
        var text = "data_ss\n" + CubicCell + "_space_group_ssg_name 'P-1(abg)0'\n" + SiteLoop + "Fe1 Fe 0.1 0.2 0.3\n";
        var ex = Assert.Throws<StructureFormatException>(() => new CifReader(Write(text)).Read().ToList());
        Assert.Contains("superspace", ex.Message);
    }

    [Theory]
    [InlineData("Wat1", "O")]
    [InlineData("OW1", "O")]
    [InlineData("D1", "H")]
    [InlineData("D0", "H")]
    [InlineData("CA1", "Ca")]
    [InlineData("Fe3+", "Fe")]
    [InlineData("O2-", "O")]
    [InlineData("Ob1", "O")]
    [InlineData("Cl1", "Cl")]
    public void Species_from_labels_without_a_type_symbol(string label, string element)
    {
        var text = "data_l\n" + CubicCell + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n" + $"{label} 0 0 0\n";
        var r = new CifReader(Write(text)).Read().Single();
        Assert.Equal(element, r.Crystal.Symbols.Single());
        if (label is "Wat1" or "D1" or "OW1" or "Ob1") Assert.Contains(r.Warnings, w => w.Contains(label, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unrecognisable_label_is_a_typed_error_naming_file_block_and_line()
    {
        var text = "data_bad\n" + CubicCell + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa1 0 0 0\nXy1 0.5 0.5 0.5\n";
        var path = Write(text);
        var ex = Assert.Throws<UnrecognizedSpeciesException>(() => new CifReader(path).Read().ToList());
        Assert.Equal("Xy1", ex.Label);
        Assert.Equal("bad", ex.Record);
        Assert.Equal(14, ex.Line);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Dummy_sites_and_zero_occupancy_and_placeholder_rows_are_dropped_with_warnings()
    {
        var text = "data_d\n" + CubicCell +
                   "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n_atom_site_calc_flag\n" +
                   "Na1 Na 0 0 0 1 d\nCg1 . 0.25 0.25 0.25 1 dum\nCg2 . 0.75 0.75 0.75 1 .\nO2 O 0.5 0.5 0.5 0 d\nK9 K ? ? ? 1 .\nCl1 Cl 0.5 0 0 1 d\n";
        var r = new CifReader(Write(text), DisorderPolicy.Majority).Read().Single();
        Assert.Equal(new[] { ("Na", 1), ("Cl", 1) }, r.Crystal.Composition.ToArray());
        Assert.Contains(r.Warnings, w => w.Contains("Cg1", StringComparison.Ordinal) && w.Contains("dum", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.Contains("Cg2", StringComparison.Ordinal) && w.Contains("dummy", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.Contains("'O2'", StringComparison.Ordinal) && w.Contains("occupancy 0", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.Contains("'K9'", StringComparison.Ordinal) && w.Contains("placeholder", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_sites_are_merged_and_majority_species_kept_with_warnings()
    {
        var text = "data_m\n" + CubicCell +
                   "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n" +
                   "Na1 Na 0 0 0 1\nNa2 Na 0.001 0 0 1\nK1 K 0.5 0.5 0.5 0.3\nRb1 Rb 0.5 0.5 0.5 0.7\n";
        var r = new CifReader(Write(text), DisorderPolicy.Majority).Read().Single();
        Assert.Equal(new[] { ("Na", 1), ("Rb", 1) }, r.Crystal.Composition.ToArray());
        Assert.Contains(r.Warnings, w => w.Contains("merged duplicate site 'Na2'", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.Contains("majority species Rb", StringComparison.Ordinal));
        Assert.Empty(new CifReader(Write(NaCl("_space_group_IT_number 225"), "clean.cif")).Read().Single().Warnings);
    }

    [Fact]
    public void One_bad_block_does_not_hide_the_good_blocks_of_the_file()
    {
        var good = NaCl("_space_group_IT_number 225");
        var bad = "data_bad\n" + CubicCell + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nXy1 0 0 0\n";
        var path = Write(bad + good.Replace("data_NaCl", "data_second", StringComparison.Ordinal));
        var results = new CifReader(path).ReadBlocks().ToList();
        Assert.Equal(new[] { "bad", "second" }, results.Select(x => x.Name).ToArray());
        Assert.IsType<UnrecognizedSpeciesException>(results[0].Error);
        Assert.Equal(8, results[1].Record!.Crystal.Count);
        var read = new List<CrystalRecord>();
        Assert.Throws<UnrecognizedSpeciesException>(() => { foreach (var rec in new CifReader(path).Read()) read.Add(rec); });
        Assert.Equal("second", read.Single().Id);
    }

    [Fact]
    public void Cell_angles_in_a_loop_and_missing_values_are_read()
    {
        var text = "data_a\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\nloop_\n_cell_angle_alpha\n_cell_angle_beta\n_cell_angle_gamma\n90 90 90\n" +
                   "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nCs1 . 0 0 0 ?\nCl1 Cl 0.5 0.5 0.5 .\n";
        var c = new CifReader(Write(text)).Read().Single().Crystal;
        Assert.Equal(new[] { ("Cs", 1), ("Cl", 1) }, c.Composition.ToArray());
        Assert.Equal(64, c.Lattice.Volume, 6);
    }

    [Fact]
    public void A_stated_number_that_contradicts_the_symbol_is_refused()
    {
        var ex = Assert.Throws<StructureFormatException>(() =>
            new CifReader(Write(NaCl("_symmetry_space_group_name_H-M 'F m -3 m'\n_space_group_IT_number 221"))).Read().ToList());
        Assert.Contains("No. 225", ex.Message);
        Assert.Contains("No. 221", ex.Message);
    }

    private static bool Near(Vec3 f, Vec3 want)
    {
        var d = f - want;
        return Math.Abs(d.X - Math.Round(d.X)) < 1e-6 && Math.Abs(d.Y - Math.Round(d.Y)) < 1e-6 && Math.Abs(d.Z - Math.Round(d.Z)) < 1e-6;
    }

    private static double MinImage(Crystal c, int i, int j)
    {
        var d = c.FractionalPositions[j] - c.FractionalPositions[i];
        d = new Vec3(d.X - Math.Round(d.X), d.Y - Math.Round(d.Y), d.Z - Math.Round(d.Z));
        return c.Lattice.ToCartesian(d).Length;
    }
}
