using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using EOSnet.MLNet.Screening;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.Screening;

/// <summary>
/// Streaming prediction (issue 28): rows in input order with a reason for bad inputs, several models in one pass,
/// CSV and Parquet written atomically, and N shards merged byte-identical to one run.
/// </summary>
public sealed class StructureScreeningTests : IDisposable
{
    private static readonly Lazy<(MLContext Ml, ITransformer Model, ITransformer Other)> Trained = new(() =>
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromCrystals(TestFixtures.MaterialsProject());
        var featurize = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph());
        ITransformer Train(int seed) => featurize.Append(ml.Regression.Trainers.EosNet(new EosNetTrainerOptions
            { Epochs = 2, BatchSize = 32, WarmupEpochs = 1, Milestones = [100], Seed = seed, Threads = 2, Device = "cpu" })).Fit(data);
        return (ml, Train(3), Train(4));
    });

    private readonly string _dir = Directory.CreateTempSubdirectory("eosnet-screen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The committed fixture's structures (40), the inputs of every test here.</summary>
    private const int Structures = TestFixtures.MaterialsProjectCount;

    /// <summary>
    /// 41 inputs: the fixture's 40 structures, with an unreadable one inserted and one replaced by an unsupported
    /// element, so 39 are scored.
    /// </summary>
    private static List<StructureReadResult> Inputs()
    {
        var inputs = TestFixtures.MaterialsProject().Select(r => new StructureReadResult(r.Id, r, null)).ToList();
        inputs.Insert(7, new StructureReadResult("broken.cif", null, new StructureFormatException("broken.cif", null, 3, "missing _cell_length_b")));
        var og = Crystal.FromFractional(Lattice.FromParameters(5, 5, 5, 90, 90, 90), [118], [new Vec3(0, 0, 0)], "og");
        inputs[20] = new StructureReadResult("og", new CrystalRecord("og", og, null), null);
        return inputs;
    }

    [Fact]
    public void Rows_come_in_input_order_with_reasons_and_match_the_models_own_predictions()
    {
        var (ml, model, other) = Trained.Value;
        var models = new[] { new ScreeningModel("a", model), new ScreeningModel("b", other) };
        var rows = StructureScreening.Predict(ml, Inputs(), models, new ScreeningOptions { BatchSize = 16 }).ToList();
        Assert.Equal(Enumerable.Range(0, Structures + 1).Select(i => (long)i), rows.Select(r => r.Index));
        Assert.Equal("error", rows[7].Status);
        Assert.Contains("missing _cell_length_b", rows[7].Reason);
        Assert.Equal("error", rows[20].Status);
        Assert.Contains("Z = 118", rows[20].Reason);
        Assert.Equal(Structures - 1, rows.Count(r => r.Status == "ok"));

        var good = Inputs().Where(x => x.Record is not null && x.Name != "og").Select(x => x.Record!).ToList();
        var direct = model.Transform(ml.Data.LoadFromCrystals(good, CrystalLabelKind.None)).GetColumn<float>("Score").ToArray();
        var directOther = other.Transform(ml.Data.LoadFromCrystals(good, CrystalLabelKind.None)).GetColumn<float>("Score").ToArray();
        // Batches of 16 against one batch of 39: the same values up to float32 rounding of the batched products.
        var ok = rows.Where(r => r.Status == "ok").ToList();
        for (int i = 0; i < ok.Count; i++)
        {
            Assert.Equal(direct[i], ok[i].Values[0].Prediction, 1e-5f);
            Assert.Equal(directOther[i], ok[i].Values[1].Prediction, 1e-5f);
        }
        Assert.NotEqual(direct, directOther);
    }

    [Fact]
    public void Ensemble_members_give_the_mean_and_the_sample_standard_deviation()
    {
        var (ml, model, other) = Trained.Value;
        var inputs = Inputs().Take(5).ToList();
        var rows = StructureScreening.Predict(ml, inputs, [new ScreeningModel("e", [model, other])]).ToList();
        var view = ml.Data.LoadFromCrystals(inputs.Select(x => x.Record!), CrystalLabelKind.None);
        var a = model.Transform(view).GetColumn<float>("Score").ToArray();
        var b = other.Transform(view).GetColumn<float>("Score").ToArray();
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal((a[i] + b[i]) / 2.0, rows[i].Values[0].Prediction, 5);
            Assert.Equal(Math.Abs(a[i] - b[i]) / Math.Sqrt(2), rows[i].Values[0].Uncertainty, 5);
        }
        Assert.Equal(new ScreeningColumns(false, true), StructureScreening.Columns(ml, [new ScreeningModel("e", [model, other])]).Single());
    }

    [Fact]
    public void The_fast_path_gives_the_MLNet_values_and_another_pipeline_shape_goes_through_Transform()
    {
        var (ml, model, _) = Trained.Value;
        var inputs = Inputs();
        // Isolated atom: one atom in a 20 Å cell has no neighbour within 8 Å (the graph's policy is Error).
        inputs.Add(new StructureReadResult("lonely", new CrystalRecord("lonely", Crystal.FromFractional(Lattice.FromParameters(20, 20, 20, 90, 90, 90), [26], [new Vec3(0, 0, 0)], "lonely"), null), null));
        var view = ml.Data.LoadFromCrystals(TestFixtures.MaterialsProject().Take(2), CrystalLabelKind.None);
        // The same model behind a column copy is not of the standard shape: it is scored by ML.NET's Transform.
        var wrapped = new TransformerChain<ITransformer>(ml.Transforms.CopyColumns("IdCopy", CrystalColumns.Id).Fit(view), model);
        var fast = new ScreeningTimings();
        var generic = new ScreeningTimings();
        var a = StructureScreening.Predict(ml, inputs, [new ScreeningModel("m", model)], new ScreeningOptions { BatchSize = 16, Timings = fast }).ToList();
        var b = StructureScreening.Predict(ml, inputs, [new ScreeningModel("m", wrapped)], new ScreeningOptions { BatchSize = 16, Timings = generic }).ToList();

        Assert.True(fast.Featurize > TimeSpan.Zero && fast.Network > TimeSpan.Zero && fast.Transform == TimeSpan.Zero);
        Assert.True(generic.Transform > TimeSpan.Zero && generic.Featurize == TimeSpan.Zero && generic.Network == TimeSpan.Zero);
        Assert.Equal(a.Select(r => r.Status), b.Select(r => r.Status));
        Assert.Equal("error", a[^1].Status);
        Assert.Contains("lonely", a[^1].Reason);
        Assert.Contains("model 'm'", b[^1].Reason);
        Assert.Equal(Structures - 1, a.Count(r => r.Status == "ok"));
        for (int i = 0; i < a.Count; i++)
            if (a[i].Status == "ok") Assert.Equal(b[i].Values[0].Prediction, a[i].Values[0].Prediction, 1e-5f);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public void Four_shards_merged_are_byte_identical_to_one_run(string extension)
    {
        var (ml, model, _) = Trained.Value;
        var models = new[] { new ScreeningModel("model", model) };
        var columns = StructureScreening.Columns(ml, models);
        void Run(string path, ScreeningOptions options)
        {
            using var writer = ScreeningWriter.Open(path, ["model"], columns);
            var batch = new List<ScreeningRow>();
            foreach (var row in StructureScreening.Predict(ml, Inputs(), models, options))
            {
                batch.Add(row);
                if (batch.Count == options.BatchSize) { writer.Write(batch); batch.Clear(); }
            }
            writer.Write(batch);
            writer.Complete();
        }
        var single = Path.Combine(_dir, "single." + extension);
        Run(single, new ScreeningOptions { BatchSize = 8 });
        var shards = Directory.CreateDirectory(Path.Combine(_dir, "shards")).FullName;
        var format = ScreeningWriter.FormatOf(single);
        for (int i = 0; i < 4; i++) Run(Path.Combine(shards, ScreeningMerge.ShardFileName(i, 4, format)), new ScreeningOptions { BatchSize = 8, ShardIndex = i, ShardCount = 4 });

        // A shard that did not finish leaves only its .partial file: the merge refuses until it is rerun.
        var third = Path.Combine(shards, ScreeningMerge.ShardFileName(2, 4, format));
        File.Move(third, third + ".partial");
        var merged = Path.Combine(_dir, "merged." + extension);
        var ex = Assert.Throws<InvalidOperationException>(() => ScreeningMerge.Merge(shards, merged, 8));
        Assert.Contains("shard(s) 2 of 4 missing", ex.Message);
        Run(third, new ScreeningOptions { BatchSize = 8, ShardIndex = 2, ShardCount = 4 });

        Assert.Equal(Structures + 1, ScreeningMerge.Merge(shards, merged, 8));
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(merged));
        Assert.False(File.Exists(single + ".partial"));
    }
}
