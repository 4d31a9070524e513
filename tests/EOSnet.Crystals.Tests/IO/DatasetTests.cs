using EOSnet.Crystals.IO;
using EOSnet.TestSupport;

namespace EOSnet.Crystals.Tests.IO;

public class DatasetTests
{
    [SharedDataFact]
    public void Every_perovskite_record_is_read_and_the_first_matches_the_file()
    {
        var reader = new MatbenchJsonReader(SharedData.Data("matbench_perovskites.json.gz"));
        int count = 0;
        CrystalRecord? first = null;
        foreach (var r in reader.Read())
        {
            first ??= r;
            Assert.Equal(5, r.Crystal.Count);
            Assert.NotNull(r.Target);
            count++;
        }
        Assert.Equal(15164, count);
        Assert.Equal("e_form", reader.TargetName);
        Assert.Equal("mb-perovskites-00001", first!.Id);
        var folds = MatbenchFolds.Load(SharedData.Data("matbench_perovskites.folds.json"));
        Assert.Equal(5, folds.Count);
        Assert.Equal(15164, folds.TestIds.Sum(f => f.Count));
    }

    [SharedDataFact]
    public void Every_extxyz_frame_is_read_in_file_order()
    {
        var ids = File.ReadAllLines(SharedData.Data("eosnet_mp2018_eform_train.ids.txt")).Where(l => l.Length > 0).ToList();
        int k = 0;
        foreach (var r in new ExtxyzReader(SharedData.Data("eosnet_mp2018_eform_train.extxyz.gz")).Read())
        {
            Assert.Equal(ids[k], r.Id);
            Assert.NotNull(r.Target);
            k++;
        }
        Assert.Equal(40519, k);
        Assert.Equal(ids.Count, k);
    }

    [SharedDataFact]
    public void Log_kvrh_is_read_completely_and_its_folds_cover_the_index()
    {
        var ids = new MatbenchJsonReader(SharedData.Data("matbench_log_kvrh.json.gz")).Read().Select(r => r.Id).ToList();
        Assert.Equal(9995, ids.Count);
        var folds = MatbenchFolds.Load(SharedData.Data("matbench_log_kvrh.folds.json"));
        Assert.All(ids, id => Assert.InRange(folds.FoldOf(id), 0, 4));
        Assert.Equal(ids.Count - folds.TestIds[0].Count, folds.TrainIds(0, ids).Count());
    }
}
