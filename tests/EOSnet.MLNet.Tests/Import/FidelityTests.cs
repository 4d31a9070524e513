using System.Globalization;
using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using EOSnet.Crystals.Neighbors;
using EOSnet.TestSupport;
using Microsoft.ML;
using Xunit.Abstractions;

namespace EOSnet.MLNet.Tests.Import;

/// <summary>
/// The imported MP2018_Eform model reproduces the authors' own predictions (their <c>train_results.csv</c>) on a fixed
/// subset of the training structures: every 135th structure of <c>eosnet_mp2018_eform_train.extxyz.gz</c> (301 of
/// 40,519). Measured when written: every structure without a (near) tie, within 1e-4 Å, between its 12th and 13th neighbours
/// agreed to ≤ 1e-5 eV/atom; 17 of the 194 with such a tie disagreed (the reference keeps an arbitrary member of the tie,
/// eosnet-reference §3.2), so 94.4 % agreed within 1e-3. The thresholds and the full run are in docs/accuracy.md.
/// </summary>
public class FidelityTests
{
    private const int Every = 135;
    /// <summary>Fraction of the whole subset that must agree within 1e-3 eV/atom.</summary>
    private const double MinimumFraction = 0.92;
    /// <summary>Agreement required of every structure without a tie at the 12-neighbour cut (float32 round-off).</summary>
    private const double UntiedTolerance = 1e-4;
    private readonly ITestOutputHelper _output;

    public FidelityTests(ITestOutputHelper output) => _output = output;

    [SharedDataFact]
    public void Imported_MP2018_Eform_reproduces_the_authors_predictions_on_a_fixed_subset()
    {
        var reference = ReadAuthorsPredictions(Path.Combine(PublishedCheckpoints.Folder, "MP2018_Eform.train_results.csv"));
        var records = new ExtxyzReader(SharedData.Data("eosnet_mp2018_eform_train.extxyz.gz")).Read()
            .Where((_, i) => i % Every == 0).ToList();
        var ml = new MLContext(1);
        var model = ml.Model.ImportEosNetCheckpoint(PublishedCheckpoints.File("MP2018_Eform"));
        var ours = PublishedCheckpoints.Scores(ml, model, records.Select(r => r.Crystal.WithId(r.Id)));

        var differences = records.Select((r, i) => Math.Abs(ours[i] - reference[r.Id])).ToArray();
        var tied = records.Select(r => TieAtTheCut(r.Crystal)).ToArray();
        double fraction = differences.Count(d => d <= 1e-3) / (double)records.Count;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{records.Count} structures ({tied.Count(t => t)} with a tie at the cut): {fraction:P2} within 1e-3 eV/atom, largest difference {differences.Max():G3}"));
        for (int i = 0; i < records.Count; i++)
            if (differences[i] > 1e-3)
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {records[i].Id}: ours {ours[i]:F5}, authors {reference[records[i].Id]:F5}, tie at the cut {tied[i]}"));

        Assert.True(tied.Count(t => !t) >= 100, "too few structures without a tie to judge");
        for (int i = 0; i < records.Count; i++)
            if (!tied[i])
                Assert.True(differences[i] <= UntiedTolerance, string.Create(CultureInfo.InvariantCulture,
                    $"{records[i].Id} has no neighbour tie yet differs by {differences[i]:G3} eV/atom (ours {ours[i]}, authors {reference[records[i].Id]})"));
        Assert.True(fraction >= MinimumFraction, string.Create(CultureInfo.InvariantCulture, $"{fraction:P2} within 1e-3 eV/atom, expected ≥ {MinimumFraction:P0}"));
    }

    /// <summary>
    /// True when some atom's 12th and 13th neighbours (8 Å) are equally far within 1e-4 Å: which one the reference kept
    /// then depends on its arbitrary tie order or on geometry differences of that size (today's vs the 2018 geometry).
    /// </summary>
    private static bool TieAtTheCut(Crystal crystal)
    {
        var list = PeriodicNeighborSearch.Find(crystal, 8.0);
        for (int atom = 0; atom < crystal.AtomicNumbers.Length; atom++)
        {
            var d = list.Of(atom).Select(n => n.Distance).Order().ToArray();
            if (d.Length > 12 && d[12] - d[11] < 1e-4) return true;
        }
        return false;
    }

    private static Dictionary<string, double> ReadAuthorsPredictions(string path) =>
        File.ReadLines(path).Select(line => line.Split(','))
            .ToDictionary(f => f[0], f => double.Parse(f[2], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
