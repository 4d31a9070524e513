using System.Diagnostics;
using System.Globalization;
using System.Text;
using EOSnet.Crystals;
using EOSnet.Crystals.IO;

namespace EOSnet.Cli.Bench;

/// <summary>
/// CIF reading speed on Materials Project files: the first 2,000 structures of matbench_mp_gap written as the P1 CIFs
/// pymatgen writes for Materials Project (<c>_symmetry_equiv_pos_as_xyz 'x, y, z'</c>, type symbol, label,
/// occupancy), then read back file by file with <see cref="StructureReader.Read"/>; median of 7 passes after a warm-up.
/// </summary>
public static class CifReadBenchmark
{
    /// <summary>Runs the benchmark; returns its records and Markdown section.</summary>
    public static (List<BenchmarkRecord> Records, string Markdown) Run(string mpGapPath, string command, Action<string> log, int files = 2000)
    {
        var dir = Directory.CreateTempSubdirectory("eosnet-bench-cif-").FullName;
        try
        {
            var paths = new List<string>();
            long atoms = 0;
            foreach (var r in new MatbenchJsonReader(mpGapPath).Read().Take(files))
            {
                var path = Path.Combine(dir, r.Id + ".cif");
                File.WriteAllText(path, P1Cif(r.Crystal, r.Id));
                paths.Add(path);
                atoms += r.Crystal.Count;
            }
            long ReadAll()
            {
                long n = 0;
                foreach (var p in paths) n += StructureReader.Read(p).Single().Crystal.Count;
                return n;
            }
            if (ReadAll() != atoms) throw new InvalidOperationException("the CIFs did not read back to the same atom count");
            var seconds = new List<double>();
            for (int pass = 0; pass < 7; pass++)
            {
                var sw = Stopwatch.StartNew();
                ReadAll();
                seconds.Add(sw.Elapsed.TotalSeconds);
                log(string.Create(CultureInfo.InvariantCulture, $"cif read pass {pass + 1}: {paths.Count / seconds[^1]:F0} files/s"));
            }
            seconds.Sort();
            double median = seconds[seconds.Count / 2], fastest = seconds[0];
            string dataset = $"matbench_mp_gap[0:{paths.Count}] as P1 CIFs";
            var records = new List<BenchmarkRecord>
            {
                new("read.cif_files_per_s", dataset, 1, Math.Round(paths.Count / median), "files/s", command, BenchmarkStore.Today)
                    { Note = string.Create(CultureInfo.InvariantCulture, $"median of 7 passes; {atoms} atoms; fastest pass {paths.Count / fastest:F0} files/s") },
            };
            var md = new StringBuilder();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"`StructureReader.Read` on {paths.Count} Materials Project structures (the first of `matbench_mp_gap`) written as pymatgen-style P1 CIFs, one file each, {atoms} atoms; 1 thread, median of 7 passes after a warm-up."));
            md.AppendLine();
            md.AppendLine("| files/s (median) | files/s (fastest) | µs per file (median) |");
            md.AppendLine("|---|---|---|");
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {paths.Count / median:F0} | {paths.Count / fastest:F0} | {median * 1e6 / paths.Count:F0} |"));
            return (records, md.ToString());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>A P1 CIF in the layout pymatgen's CifWriter uses for Materials Project structures.</summary>
    public static string P1Cif(Crystal c, string id)
    {
        var l = c.Lattice;
        static double Angle(Vec3 u, Vec3 v) => Math.Acos(Math.Clamp(u.Dot(v) / (u.Length * v.Length), -1, 1)) * 180 / Math.PI;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# generated using pymatgen\ndata_{c.ReducedFormula}\n_symmetry_space_group_name_H-M   'P 1'\n");
        sb.Append(CultureInfo.InvariantCulture, $"_cell_length_a   {l.A.Length:F8}\n_cell_length_b   {l.B.Length:F8}\n_cell_length_c   {l.C.Length:F8}\n");
        sb.Append(CultureInfo.InvariantCulture, $"_cell_angle_alpha   {Angle(l.B, l.C):F8}\n_cell_angle_beta   {Angle(l.A, l.C):F8}\n_cell_angle_gamma   {Angle(l.A, l.B):F8}\n");
        sb.Append(CultureInfo.InvariantCulture, $"_symmetry_Int_Tables_number   1\n_chemical_formula_structural   {c.ReducedFormula}\n_chemical_formula_sum   '{c.Formula}'\n");
        sb.Append(CultureInfo.InvariantCulture, $"_cell_volume   {Math.Abs(l.Volume):F8}\n_cell_formula_units_Z   1\n# {id}\n");
        sb.Append("loop_\n _symmetry_equiv_pos_site_id\n _symmetry_equiv_pos_as_xyz\n  1  'x, y, z'\n");
        sb.Append("loop_\n _atom_site_type_symbol\n _atom_site_label\n _atom_site_symmetry_multiplicity\n _atom_site_fract_x\n _atom_site_fract_y\n _atom_site_fract_z\n _atom_site_occupancy\n");
        var symbols = c.Symbols.ToList();
        for (int i = 0; i < c.Count; i++)
        {
            var f = c.FractionalPositions[i];
            sb.Append(CultureInfo.InvariantCulture, $"  {symbols[i]}  {symbols[i]}{i}  1  {f.X:F8}  {f.Y:F8}  {f.Z:F8}  1\n");
        }
        return sb.ToString();
    }
}
