using EOSnet.TestSupport;

namespace EOSnet.Cli.Tests;

/// <summary>Dataset-level robustness through the real binary: one bad file among hundreds, --strict, isolated atoms.</summary>
public class CliRobustnessTests
{
    [SharedDataFact]
    public void One_bad_file_in_a_large_folder_is_reported_not_fatal_unless_strict()
    {
        string dir = Directory.CreateTempSubdirectory("eosnet-robust").FullName;
        var (code, _, err) = CliProcessTests.Run("train", SharedData.Data("matbench_perovskites.json.gz"), "--limit", "100", "--epochs", "1",
            "--batch-size", "32", "--threads", "2", "--device", "cpu", "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}");

        // 21 golden POSCARs × copies (isolated atoms and sparse cells included) + one corrupted file: 316 files in the
        // test command, $EOSNET_FOLDER_SOAK files (e.g. 10000) in the soak.
        string folder = Directory.CreateTempSubdirectory("eosnet-folder").FullName;
        var golden = Directory.GetFiles(SharedData.Golden("poscar"), "*.vasp");
        int copies = int.TryParse(Environment.GetEnvironmentVariable("EOSNET_FOLDER_SOAK"), out var total) ? Math.Max(1, total / golden.Length) : 15;
        for (int copy = 0; copy < copies; copy++)
            foreach (var f in golden) File.Copy(f, Path.Combine(folder, $"c{copy:D4}_{Path.GetFileName(f)}"));
        File.WriteAllText(Path.Combine(folder, "broken.vasp"), "not\n1.0\n1 0 0\n0 1 0\nSi\n");
        int good = copies * golden.Length;
        Console.WriteLine($"[eosnet] bad-file folder: {good + 1} files, one corrupted");

        string csv = Path.Combine(dir, "pred.csv");
        (code, var output, err) = CliProcessTests.Run("predict", "--model", Path.Combine(dir, "model.zip"), folder, "--out", csv);
        Assert.Equal(5, code); // partial success
        Assert.Contains("broken.vasp", err);
        Assert.Contains("1 input(s) skipped", output);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(good + 2, lines.Length); // header, every good file, and the broken one as a row with its reason
        var broken = lines.Skip(1).Single(l => l.Split(',')[2] == "error");
        Assert.Contains("broken.vasp", broken);
        Assert.All(lines.Skip(1).Where(l => l != broken), l => Assert.True(double.IsFinite(double.Parse(l.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture)), l));

        (code, _, err) = CliProcessTests.Run("predict", "--model", Path.Combine(dir, "model.zip"), folder, "--out", csv, "--strict");
        Assert.Equal(3, code); // invalid data
        Assert.Contains("broken.vasp", err);
        Assert.Single(err.Trim().Split('\n')); // one readable line, no stack trace

        // A CIF whose first block names no element: the second block is still predicted, the first is listed as
        // skipped, and the reader's warnings about the second are printed.
        string cif = Path.Combine(folder, "..", "two-blocks.cif");
        const string cell = "_cell_length_a 5.64\n_cell_length_b 5.64\n_cell_length_c 5.64\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n";
        const string sites = "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n";
        File.WriteAllText(cif, "data_bad\n" + cell + sites + "Xy1 0 0 0\n" +
            "data_good\n" + cell + "_space_group_IT_number 225\n" + sites + "NA1 0 0 0\nOW1 0.5 0.5 0.5\n");
        (code, output, err) = CliProcessTests.Run("predict", "--model", Path.Combine(dir, "model.zip"), cif, "--out", csv);
        Assert.Equal(5, code);
        Assert.Contains("skipped:", err);
        Assert.Contains("'Xy1' names no element", err);
        Assert.Contains("good: 'OW1' read as O (water oxygen)", err);
        var rows = File.ReadAllLines(csv);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("0,", rows[1]);
        Assert.Contains(",error,", rows[1]);
        Assert.StartsWith("1,good,ok,,", rows[2]);
    }
}
