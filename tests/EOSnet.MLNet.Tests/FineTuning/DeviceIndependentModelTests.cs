using System.IO.Compression;
using System.Text;
using EOSnet.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.FineTuning;

public class DeviceIndependentModelTests
{
    private static byte[] Save(MLContext ml, ITransformer model)
    {
        using var ms = new MemoryStream();
        ml.Model.Save(model, ml.Data.LoadFromCrystals(SyntheticCrystals.Records(1)).Schema, ms);
        return ms.ToArray();
    }

    /// <summary>The scoring settings JSON of the EOSnet predictor inside a model zip.</summary>
    private static string PredictorEntry(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        foreach (var entry in archive.Entries)
        {
            using var s = entry.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            var text = Encoding.UTF8.GetString(copy.ToArray());
            if (text.Contains("\"FeatureColumnName\"", StringComparison.Ordinal)) return text;
        }
        throw new InvalidDataException("no EOSnet predictor settings in the zip");
    }

    private static (MLContext Ml, ITransformer Featurizers, IDataView Raw, EosNetPredictionTransformer Predictor) Trained()
    {
        var ml = new MLContext(1);
        var raw = ml.Data.LoadFromCrystals(SyntheticCrystals.Records(32, seed: 3));
        var featurizers = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).Fit(raw);
        var options = new EosNetTrainerOptions { Epochs = 2, BatchSize = 16, WarmupEpochs = 1, Seed = 2, Threads = 1, Device = "cpu", ValidationFraction = 0 };
        return (ml, featurizers, raw, ml.Regression.Trainers.EosNet(options).Fit(ml.Data.Cache(featurizers.Transform(raw))));
    }

    [Fact]
    public void A_saved_model_records_no_device_and_reloads_with_identical_predictions()
    {
        var (ml, featurizers, raw, predictor) = Trained();
        using var owned = predictor;
        var model = featurizers.Append(predictor);
        var bytes = Save(ml, model);
        Assert.DoesNotContain("Device", PredictorEntry(bytes), StringComparison.Ordinal);
        var loaded = new MLContext(5).Model.LoadWithEosNet(new MemoryStream(bytes), out _);
        Assert.Equal(model.Transform(raw).GetColumn<float>(CrystalColumns.Score).ToArray(), loaded.Transform(raw).GetColumn<float>(CrystalColumns.Score).ToArray());
    }

    [Fact]
    public void An_old_zip_that_names_cuda_loads_and_predicts_on_a_machine_without_cuda()
    {
        var (ml, featurizers, raw, predictor) = Trained();
        using var owned = predictor;
        // A zip as earlier versions wrote it for a model trained with Device = "cuda": the settings name the device.
        using var copy = new MemoryStream();
        predictor.Model.Model.Save(copy);
        copy.Position = 0;
        var legacy = new EosNetPredictionTransformer(ml, EosNetModel.Load(copy), predictor.Settings with { Device = "cuda" });
        var bytes = Save(ml, featurizers.Append(legacy));
        Assert.Contains("\"Device\":\"cuda\"", PredictorEntry(bytes), StringComparison.Ordinal);

        var expected = featurizers.Append(predictor).Transform(raw).GetColumn<float>(CrystalColumns.Score).ToArray();
        var loaded = new MLContext(6).Model.LoadWithEosNet(new MemoryStream(bytes), out _);
        Assert.Equal(expected, loaded.Transform(raw).GetColumn<float>(CrystalColumns.Score).ToArray());
        var chosen = Assert.IsType<EosNetPredictionTransformer>(((IEnumerable<ITransformer>)loaded).Last());
        Assert.Equal(TorchRuntime.ResolveDevice("auto"), chosen.Model.Model.Device); // the loader's choice, not the stored one

        // The loading context's own choice: a GPU id with fallback runs on the CPU here.
        var fallback = new MLContext(7) { GpuDeviceId = 0, FallbackToCpu = true };
        var onFallback = fallback.Model.LoadWithEosNet(new MemoryStream(bytes), out _);
        if (!TorchRuntime.CudaAvailable) Assert.Equal(expected, onFallback.Transform(raw).GetColumn<float>(CrystalColumns.Score).ToArray());
    }
}
