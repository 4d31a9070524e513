using System.IO.Compression;
using System.Text;
using EOSnet.Model.Import;
using EOSnet.TestSupport;

namespace EOSnet.Model.Tests.Import;

public class PyTorchCheckpointTests
{
    [SharedDataTheory]
    [InlineData("MP_Eform", GoldenModel.Regression)]
    [InlineData("MP_ALL_Band_Class", GoldenModel.Classification)]
    public void Imported_tensors_equal_the_golden_weights(string checkpoint, string golden)
    {
        var ckpt = PyTorchCheckpoint.Load(SharedData.Golden($"model/{checkpoint}.model_best.pth.tar"));
        var g = GoldenModel.Load(golden);
        Assert.Equal(g.StateDict.Keys.OrderBy(k => k), ckpt.StateDict.Keys.OrderBy(k => k));
        foreach (var (name, values) in g.StateDict)
        {
            Assert.Equal(values, ckpt.StateDict[name]);
            Assert.Equal(g.Shapes[name].Select(x => (long)x), ckpt.Shapes[name]);
        }
        Assert.Equal(g.Mean, ckpt.TargetMean, 6);
        Assert.Equal(g.Std, ckpt.TargetStd, 6);
        Assert.Equal(g.Task, ckpt.Task);
        Assert.Equal(64, ckpt.IntArg("atom_fea_len", 0));
        Assert.Equal(3, ckpt.IntArg("n_conv", 0));
        Assert.Equal(8.0, ckpt.DoubleArg("radius", 0));
        Assert.NotNull(ckpt.Epoch);
        Assert.NotNull(ckpt.BestMetric);
    }

    private static byte[] HostilePickle()
    {
        // PROTO 2; GLOBAL 'os system'; BINUNICODE 'echo pwned'; TUPLE1; REDUCE; STOP
        var ms = new MemoryStream();
        ms.Write(new byte[] { 0x80, 2 });
        ms.WriteByte((byte)'c'); ms.Write(Encoding.ASCII.GetBytes("os\nsystem\n"));
        var cmd = Encoding.UTF8.GetBytes("echo pwned");
        ms.WriteByte((byte)'X'); ms.Write(BitConverter.GetBytes(cmd.Length)); ms.Write(cmd);
        ms.WriteByte(0x85); ms.WriteByte((byte)'R'); ms.WriteByte((byte)'.');
        return ms.ToArray();
    }

    [Fact]
    public void A_pickle_that_calls_a_function_is_refused()
    {
        var ex = Assert.Throws<UnsafePickleException>(() => SafeUnpickler.Load(HostilePickle(), "hostile.pkl"));
        Assert.Contains("os.system", ex.Message);
        Assert.Contains("never imports or calls code", ex.Message);
    }

    [Fact]
    public void A_checkpoint_zip_with_a_hostile_pickle_is_refused()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry("archive/data.pkl").Open())
            s.Write(HostilePickle());
        ms.Position = 0;
        Assert.Throws<UnsafePickleException>(() => PyTorchCheckpoint.Load(ms, "evil.pth.tar"));
    }

    [Fact]
    public void Unknown_opcodes_and_path_escapes_are_refused()
    {
        // 'i' (INST) instantiates a class: not allowed.
        Assert.Throws<UnsafePickleException>(() => SafeUnpickler.Load(new byte[] { 0x80, 2, (byte)'i', (byte)'o', (byte)'s', (byte)'\n', (byte)'.' }, "inst.pkl"));
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry("../../etc/data.pkl").Open())
            s.WriteByte(0);
        ms.Position = 0;
        var ex = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Load(ms, "escape.pth.tar"));
        Assert.Contains("refused zip entry", ex.Message);
        Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Load(new MemoryStream(new byte[] { 1, 2, 3 }), "junk"));
    }

    [Fact]
    public void Plain_data_pickles_are_read()
    {
        // {'a': [1, 2.5, True, None], 'b': (3,)} written by hand with protocol-2 opcodes.
        var ms = new MemoryStream();
        ms.Write(new byte[] { 0x80, 2, (byte)'}', (byte)'(' });
        void Str(string s) { var b = Encoding.UTF8.GetBytes(s); ms.WriteByte((byte)'X'); ms.Write(BitConverter.GetBytes(b.Length)); ms.Write(b); }
        Str("a"); ms.Write(new byte[] { (byte)']', (byte)'(', (byte)'K', 1 });
        ms.WriteByte((byte)'G'); var d = BitConverter.GetBytes(2.5); Array.Reverse(d); ms.Write(d);
        ms.Write(new byte[] { 0x88, (byte)'N', (byte)'e' });
        Str("b"); ms.Write(new byte[] { (byte)'K', 3, 0x85, (byte)'u', (byte)'.' });
        var root = Assert.IsType<PickledDict>(SafeUnpickler.Load(ms.ToArray(), "plain.pkl"));
        var list = Assert.IsType<List<object?>>(root.Get("a"));
        Assert.Equal(new object?[] { 1L, 2.5, true, null }, list);
        Assert.Equal(new object?[] { 3L }, Assert.IsType<object?[]>(root.Get("b")));
    }
}
