using EOSnet.Cli.Accuracy;

namespace EOSnet.Cli.Tests;

/// <summary>
/// e3nn-question's prediction files and the blend of v1 with a v2 network: the mean of the two predictions per
/// structure, scored per split, refused when the two files do not describe the same rows.
/// </summary>
public sealed class E3nnBlendTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("e3nn-blend-").FullName;

    private E3nnQuestionSettings Settings => new("../shared/data/matbench_log_kvrh.json.gz", [0], [E3nnVariant.V1, E3nnVariant.V2Gom],
        600, 4, "4x0e+2x1o+2x2e", 2, false, _dir, E3nnV2Recipe.CosineAverage, 2048);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Prediction_files_round_trip_exactly()
    {
        var rows = new[] { new E3nnPrediction("validation", "mb-1", 1.0 / 3, Math.PI), new E3nnPrediction("test", "mb-2", -2.5e-7, 1e300) };
        string path = Settings.PredictionsPath(0, E3nnVariant.V1);
        E3nnPredictions.Write(path, rows);
        Assert.Equal(rows, E3nnPredictions.Read(path));
        Assert.EndsWith(".fold0.V1.budget600.cal2048.predictions.csv", path, StringComparison.Ordinal);
    }

    [Fact]
    public void The_blend_scores_the_mean_of_the_two_predictions_per_split()
    {
        var s = Settings;
        Assert.Empty(E3nnQuestionReport.Blends(s, [43])); // no files yet
        E3nnPredictions.Write(s.PredictionsPath(0, E3nnVariant.V1), [new("validation", "a", 1, 1.2), new("test", "b", 2, 2.4), new("test", "c", 3, 2.0)]);
        E3nnPredictions.Write(s.PredictionsPath(0, E3nnVariant.V2Gom), [new("test", "c", 3, 3.6), new("validation", "a", 1, 0.6), new("test", "b", 2, 1.8)]);
        var blend = Assert.Single(E3nnQuestionReport.Blends(s, [43]));
        Assert.Equal("eosnet-blend-v1-e3nn-gom-cosavg-cpu600s", blend.Name);
        var fold = Assert.Single(blend.Folds);
        Assert.Equal(0.1, fold.ValidationMae, 12);          // |0.9 − 1|
        Assert.Equal((0.1 + 0.2) / 2, fold.TestMae!.Value, 12); // |2.1 − 2|, |2.8 − 3|
    }

    [Fact]
    public void Another_network_seed_is_a_member_of_its_own_and_blends_with_the_first()
    {
        var s = Settings;
        var other = s with { NetworkSeed = 43 };
        Assert.EndsWith(".fold0.V1.budget600.cal2048.seed43.json", other.ResultPath(0, E3nnVariant.V1), StringComparison.Ordinal);
        Assert.Equal("eosnet-v1-cpu600s-seed43", E3nnQuestionReport.ModelName(other, E3nnVariant.V1));
        E3nnPredictions.Write(s.PredictionsPath(0, E3nnVariant.V1), [new("validation", "a", 1, 1.4), new("test", "b", 2, 2.4)]);
        E3nnPredictions.Write(other.PredictionsPath(0, E3nnVariant.V1), [new("validation", "a", 1, 1.0), new("test", "b", 2, 1.4)]);
        var blend = Assert.Single(E3nnQuestionReport.Blends(s with { Variants = [E3nnVariant.V1] }, [43]));
        Assert.Equal("eosnet-blend-v1-cpu600s-seeds42-43", blend.Name);
        Assert.Equal(0.2, blend.Folds[0].ValidationMae, 12);
        Assert.Equal(0.1, blend.Folds[0].TestMae!.Value, 12);

        // Both networks at both seeds: v1 + v2, each network's two seeds, and all four members.
        E3nnPredictions.Write(s.PredictionsPath(0, E3nnVariant.V2Gom), [new("validation", "a", 1, 0.2), new("test", "b", 2, 2.2)]);
        E3nnPredictions.Write(other.PredictionsPath(0, E3nnVariant.V2Gom), [new("validation", "a", 1, 0.6), new("test", "b", 2, 2.8)]);
        var blends = E3nnQuestionReport.Blends(s, [43]).ToDictionary(b => b.Name);
        Assert.Equal(["eosnet-blend-v1-e3nn-gom-cosavg-cpu600s", "eosnet-blend-v1-cpu600s-seeds42-43", "eosnet-blend-e3nn-gom-cosavg-cpu600s-seeds42-43",
            "eosnet-blend-v1-e3nn-gom-cosavg-cpu600s-seeds42-43"], blends.Keys);
        var all = blends["eosnet-blend-v1-e3nn-gom-cosavg-cpu600s-seeds42-43"];
        Assert.Equal(4, all.Members.Count);
        Assert.Equal(0.2, all.Folds[0].ValidationMae, 12);          // (1.4 + 1.0 + 0.2 + 0.6) / 4 = 0.8
        Assert.Equal(0.2, all.Folds[0].TestMae!.Value, 12);         // (2.4 + 1.4 + 2.2 + 2.8) / 4 = 2.2
    }

    [Fact]
    public void Four_seeds_of_one_network_blend_into_one_member_each_and_a_missing_seed_drops_the_blend()
    {
        var s = Settings with { Variants = [E3nnVariant.V2Gom] };
        double[] test = [2.4, 1.4, 2.2, 2.8];
        for (int k = 0; k < 4; k++)
            E3nnPredictions.Write((s with { NetworkSeed = 42 + k }).PredictionsPath(0, E3nnVariant.V2Gom), [new("validation", "a", 1, 0.5 + k * 0.1), new("test", "b", 2, test[k])]);
        var blend = Assert.Single(E3nnQuestionReport.Blends(s, [43, 44, 45, 43, 42]));
        Assert.Equal("eosnet-blend-e3nn-gom-cosavg-cpu600s-seeds42-43-44-45", blend.Name);
        Assert.Equal(new[] { 42, 43, 44, 45 }, blend.Members.Select(m => m.Settings.NetworkSeed));
        Assert.Equal(0.35, blend.Folds[0].ValidationMae, 12);   // mean 0.65
        Assert.Equal(0.2, blend.Folds[0].TestMae!.Value, 12);   // mean 2.2
        Assert.Empty(E3nnQuestionReport.Blends(s, [43, 46]));   // seed 46 has no predictions
    }

    [Fact]
    public void Files_of_different_rows_or_targets_are_refused()
    {
        var s = Settings;
        E3nnPredictions.Write(s.PredictionsPath(0, E3nnVariant.V1), [new("validation", "a", 1, 1.2), new("test", "b", 2, 2.4)]);
        E3nnPredictions.Write(s.PredictionsPath(0, E3nnVariant.V2Gom), [new("validation", "a", 1, 0.6), new("test", "x", 2, 1.8)]);
        Assert.Contains("test row x", Assert.Throws<InvalidDataException>(() => E3nnQuestionReport.Blends(s, []).ToList()).Message, StringComparison.Ordinal);
        E3nnPredictions.Write(s.PredictionsPath(0, E3nnVariant.V2Gom), [new("validation", "a", 1.5, 0.6), new("test", "b", 2, 1.8)]);
        Assert.Throws<InvalidDataException>(() => E3nnQuestionReport.Blends(s, []).ToList());
        File.WriteAllText(s.PredictionsPath(0, E3nnVariant.V2Gom), "id,prediction\na,1\n");
        Assert.Contains("not a predictions file", Assert.Throws<InvalidDataException>(() => E3nnPredictions.Read(s.PredictionsPath(0, E3nnVariant.V2Gom))).Message, StringComparison.Ordinal);
    }
}
