using EOSnet.Cli.Accuracy;

namespace EOSnet.Cli.Tests;

/// <summary>
/// e3nn-question's result files and record names: the first records' settings keep their names (so their result files
/// are reused and their commands reproduce them), and another v2 recipe, calibration or shape gets names of its own.
/// </summary>
public class E3nnQuestionNamingTests
{
    private static readonly E3nnQuestionSettings Plain = new("../shared/data/matbench_log_kvrh.json.gz", [0], [E3nnVariant.V1, E3nnVariant.V2Gom],
        150, 4, "4x0e+2x1o+2x2e", 2, false, "runs");

    [Fact]
    public void The_plain_recipe_keeps_the_names_of_the_first_records()
    {
        Assert.Equal(Path.Combine("runs", "matbench_log_kvrh.fold0.V2Gom.c4.4x0e+2x1o+2x2e.b2.budget150.json"), Plain.ResultPath(0, E3nnVariant.V2Gom));
        Assert.Equal(Path.Combine("runs", "matbench_log_kvrh.fold0.V1.budget150.json"), Plain.ResultPath(0, E3nnVariant.V1));
        Assert.Equal("eosnet-e3nn-gom-cpu150s", E3nnQuestionReport.ModelName(Plain, E3nnVariant.V2Gom));
        Assert.Equal("eosnet-v1-cpu150s", E3nnQuestionReport.ModelName(Plain, E3nnVariant.V1));
    }

    [Fact]
    public void Another_v2_recipe_or_calibration_gets_its_own_results_and_records()
    {
        var cosine = Plain with { V2Recipe = E3nnV2Recipe.CosineAverage };
        Assert.Equal(Path.Combine("runs", "matbench_log_kvrh.fold0.V2Gom.c4.4x0e+2x1o+2x2e.b2.cosavg.budget150.json"), cosine.ResultPath(0, E3nnVariant.V2Gom));
        Assert.Equal(Plain.ResultPath(0, E3nnVariant.V1), cosine.ResultPath(0, E3nnVariant.V1)); // v1's recipe is the same: its results are shared
        Assert.Equal("eosnet-e3nn-gom-cosavg-cpu150s", E3nnQuestionReport.ModelName(cosine, E3nnVariant.V2Gom));
        Assert.Equal("eosnet-e3nn-onehot-cosavg-cpu150s", E3nnQuestionReport.ModelName(cosine, E3nnVariant.V2OneHot));
        var calibrated = Plain with { CalibrationStructures = 2048 };
        Assert.Equal(Path.Combine("runs", "matbench_log_kvrh.fold0.V1.budget150.cal2048.json"), calibrated.ResultPath(0, E3nnVariant.V1));
    }

    [Fact]
    public void Another_v2_shape_gets_its_own_records()
    {
        var cosine = Plain with { V2Recipe = E3nnV2Recipe.CosineAverage };
        var wide = cosine with { V2Irreps = "8x0e+4x1o+2x2e" };
        Assert.Equal("eosnet-e3nn-gom-8x0e-4x1o-2x2e-cosavg-cpu150s", E3nnQuestionReport.ModelName(wide, E3nnVariant.V2Gom));
        Assert.Equal("eosnet-e3nn-onehot-b3-c5-cosavg-cpu150s-seed43",
            E3nnQuestionReport.ModelName(cosine with { V2Interactions = 3, Cutoff = 5, NetworkSeed = 43 }, E3nnVariant.V2OneHot));
        Assert.Equal("eosnet-v1-cpu150s", E3nnQuestionReport.ModelName(wide with { Cutoff = 5 }, E3nnVariant.V1)); // v1 has no v2 shape
        Assert.Equal(Path.Combine("runs", "matbench_log_kvrh.fold0.V2Gom.c4.8x0e+4x1o+2x2e.b2.cosavg.budget150.json"), wide.ResultPath(0, E3nnVariant.V2Gom));
    }

    [Fact]
    public void Another_loss_gets_its_own_results_and_records_for_both_networks()
    {
        var l1 = Plain with { V2Recipe = E3nnV2Recipe.CosineAverage, V2Irreps = "8x0e+4x1o+2x2e", Loss = Model.RegressionLoss.AbsoluteError };
        Assert.Equal("eosnet-e3nn-gom-8x0e-4x1o-2x2e-cosavg-l1-cpu150s", E3nnQuestionReport.ModelName(l1, E3nnVariant.V2Gom));
        Assert.Equal("eosnet-v1-l1-cpu150s", E3nnQuestionReport.ModelName(l1, E3nnVariant.V1));
        Assert.Equal(Path.Combine("runs", "matbench_log_kvrh.fold0.V2Gom.c4.8x0e+4x1o+2x2e.b2.cosavg.l1.budget150.json"), l1.ResultPath(0, E3nnVariant.V2Gom));
        Assert.Equal(Path.Combine("runs", "matbench_log_kvrh.fold0.V1.l1.budget150.json"), l1.ResultPath(0, E3nnVariant.V1));
    }
}
