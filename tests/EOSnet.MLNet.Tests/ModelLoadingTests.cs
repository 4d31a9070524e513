using System.IO.Compression;
using Microsoft.ML;

namespace EOSnet.MLNet.Tests;

public class ModelLoadingTests
{
    private sealed class Row
    {
        public float[] AtomFingerprints { get; set; } = Array.Empty<float>();
        public int[] AtomicNumbers { get; set; } = Array.Empty<int>();
    }

    private static byte[] SavedModel()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { AtomFingerprints = new float[] { 1, 2 }, AtomicNumbers = new[] { 8 } } });
        var model = ml.Transforms.PoolFingerprints(fingerprintLength: 2).Fit(data);
        using var ms = new MemoryStream();
        ml.Model.Save(model, data.Schema, ms);
        return ms.ToArray();
    }

    [Fact]
    public void Plain_load_without_registration_fails_but_LoadWithEosNet_registers()
    {
        var bytes = SavedModel();
        Assert.ThrowsAny<Exception>(() => new MLContext(2).Model.Load(new MemoryStream(bytes), out _));
        var model = new MLContext(3).Model.LoadWithEosNet(new MemoryStream(bytes), out var schema);
        Assert.NotNull(model);
        Assert.NotNull(schema.GetColumnOrNull("AtomFingerprints"));
    }

    [Fact]
    public void Garbage_bytes_give_a_clear_error()
    {
        var ex = Assert.Throws<EosNetModelLoadException>(() => new MLContext().Model.LoadWithEosNet(new MemoryStream(new byte[] { 1, 2, 3, 4, 5 }), out _));
        Assert.Contains("not a valid ML.NET model zip", ex.Message);
    }

    [Fact]
    public void A_foreign_zip_gives_a_clear_error()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            w.Write("hello");
        }
        ms.Position = 0;
        var ex = Assert.Throws<EosNetModelLoadException>(() => new MLContext().Model.LoadWithEosNet(ms, out _));
        Assert.Contains("not an ML.NET model", ex.Message);
    }

    [Fact]
    public void A_corrupted_model_gives_a_clear_error()
    {
        var bytes = SavedModel();
        // Flip bytes in the middle of the archive (inside compressed entry data).
        for (int i = bytes.Length / 3; i < bytes.Length / 3 + 16; i++) bytes[i] ^= 0x5A;
        var ex = Assert.Throws<EosNetModelLoadException>(() => new MLContext().Model.LoadWithEosNet(new MemoryStream(bytes), out _));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.StartsWith("model stream:", ex.Message);
    }

    [Fact]
    public void A_missing_file_gives_a_clear_error()
    {
        var ex = Assert.Throws<EosNetModelLoadException>(() => new MLContext().Model.LoadWithEosNet("/nonexistent/model.zip", out _));
        Assert.Contains("not found", ex.Message);
    }
}
