using System.Globalization;
using System.Text;
using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using EOSnet.Crystals.Neighbors;

namespace EOSnet.Cli.Bench;

/// <summary>Time of the 8 Å periodic neighbour search for 1×1×1 … 6×6×6 supercells of a real crystal.</summary>
public static class NeighborScalingBenchmark
{
    /// <summary>Runs the benchmark; returns its records and Markdown section.</summary>
    public static (List<BenchmarkRecord> Records, string Markdown) Run(string perovskitesPath, string command, Action<string> log, int maxMultiple = 6)
    {
        var first = new MatbenchJsonReader(perovskitesPath).Read().First();
        var records = new List<BenchmarkRecord>();
        var md = new StringBuilder();
        md.AppendLine($"Periodic neighbour search at 8 Å (`PeriodicNeighborSearch.Find`), supercells of `{first.Id}` ({first.Crystal.ReducedFormula}, {first.Crystal.Count} atoms) from `matbench_perovskites`; best of 3 after a warm-up, 1 thread.");
        md.AppendLine("Cells up to 256 atoms use exact per-pair image ranges, larger ones the cell list; time per atom should stay flat (O(N)).");
        md.AppendLine();
        md.AppendLine("| supercell | atoms | pairs | ms | µs per atom |");
        md.AppendLine("|---|---|---|---|---|");
        for (int k = 1; k <= maxMultiple; k++)
        {
            var c = first.Crystal.Supercell(k, k, k);
            NeighborList? list = null;
            double s = Measure.BestSeconds(() => list = PeriodicNeighborSearch.Find(c, 8.0), k <= 3 ? 5 : 3);
            double usPerAtom = s * 1e6 / c.Count;
            string dataset = $"matbench_perovskites:{first.Id}:{k}x{k}x{k}";
            records.Add(new BenchmarkRecord("neighbors.us_per_atom", dataset, 1, Math.Round(usPerAtom, 2), "us/atom", command, BenchmarkStore.Today));
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {k}×{k}×{k} | {c.Count} | {list!.PairCount} | {s * 1000:F2} | {usPerAtom:F1} |"));
            log($"neighbours {k}x{k}x{k}: {c.Count} atoms, {s * 1000:F2} ms");
        }
        return (records, md.ToString());
    }
}
