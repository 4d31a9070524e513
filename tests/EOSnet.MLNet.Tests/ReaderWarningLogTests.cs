using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet.Tests;

/// <summary>The readers' warnings reach the ML.NET log (issue 25): a user sees them with <c>ml.Log += …</c>.</summary>
public sealed class ReaderWarningLogTests
{
    [Fact]
    public void Cif_reader_warnings_are_logged_once_per_record_on_the_contexts_log()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("eosnet-log-").FullName, "wat.cif");
        File.WriteAllText(path, "data_water\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n" +
            "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nWat1 0 0 0\nHw1 0.15 0 0\n");
        var records = new CifReader(path).Read().ToList();
        Assert.Equal(2, records.Single().Warnings.Length);

        var ml = new MLContext(0);
        var warnings = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
        var data = ml.Data.LoadFromCrystals(records, CrystalLabelKind.None);
        Assert.Single(data.GetColumn<string>(CrystalColumns.Id));
        Assert.Single(data.GetColumn<string>(CrystalColumns.Id)); // a second cursor does not repeat them
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("water: 'Wat1' read as O", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("'Hw1' read as H", StringComparison.Ordinal));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
