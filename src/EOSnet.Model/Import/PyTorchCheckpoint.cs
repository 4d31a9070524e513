using System.Buffers.Binary;
using System.IO.Compression;

namespace EOSnet.Model.Import;

/// <summary>
/// A checkpoint of the authors' PyTorch EOSnet code (<c>model_best.pth.tar</c>: a zip holding a pickled dict with
/// <c>state_dict</c>, <c>normalizer</c>, <c>args</c>, <c>epoch</c>, …), read without executing any code
/// (<see cref="SafeUnpickler"/>). Tensors come out as float32 arrays in PyTorch layout (Linear weights out × in).
/// </summary>
public sealed class PyTorchCheckpoint
{
    private PyTorchCheckpoint(string source, Dictionary<string, float[]> stateDict, Dictionary<string, long[]> shapes,
        double mean, double std, Dictionary<string, object?> args, long? epoch, double? bestMetric)
    {
        Source = source;
        StateDict = stateDict;
        Shapes = shapes;
        TargetMean = mean;
        TargetStd = std;
        Args = args;
        Epoch = epoch;
        BestMetric = bestMetric;
    }

    /// <summary>Where the checkpoint was read from.</summary>
    public string Source { get; }
    /// <summary>Tensors by PyTorch state-dict name (float32 values; integer buffers converted).</summary>
    public IReadOnlyDictionary<string, float[]> StateDict { get; }
    /// <summary>Tensor shapes by name.</summary>
    public IReadOnlyDictionary<string, long[]> Shapes { get; }
    /// <summary>Regression normaliser mean (0 for classifiers).</summary>
    public double TargetMean { get; }
    /// <summary>Regression normaliser standard deviation (1 for classifiers).</summary>
    public double TargetStd { get; }
    /// <summary>The training arguments stored in the checkpoint (strings, numbers, booleans, lists).</summary>
    public IReadOnlyDictionary<string, object?> Args { get; }
    /// <summary>Epoch stored in the checkpoint.</summary>
    public long? Epoch { get; }
    /// <summary>Best validation metric stored in the checkpoint (the reference's MAE or batch-averaged AUC).</summary>
    public double? BestMetric { get; }

    /// <summary>"regression" or "classification" (from <c>args.task</c>, else inferred from the output layer).</summary>
    public string Task => Args.TryGetValue("task", out var t) && t is string s ? s
        : Shapes.TryGetValue("fc_out.weight", out var shape) && shape[0] == 2 ? "classification" : "regression";

    /// <summary>An integer argument, or <paramref name="fallback"/>.</summary>
    public int IntArg(string name, int fallback) => Args.TryGetValue(name, out var v) && v is long l ? checked((int)l) : fallback;

    /// <summary>A floating-point argument, or <paramref name="fallback"/>.</summary>
    public double DoubleArg(string name, double fallback) => Args.TryGetValue(name, out var v) ? v switch { double d => d, long l => l, _ => fallback } : fallback;

    /// <summary>Reads a checkpoint file.</summary>
    /// <exception cref="UnsafePickleException">The pickle asks to run code.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable PyTorch checkpoint.</exception>
    public static PyTorchCheckpoint Load(string path)
    {
        using var fs = File.OpenRead(path);
        return Load(fs, path);
    }

    /// <summary>Reads a checkpoint from a stream; <paramref name="source"/> names it in messages.</summary>
    public static PyTorchCheckpoint Load(Stream stream, string source)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{source}: not a PyTorch checkpoint (not a zip archive; legacy non-zip torch.save files are not supported)", e); }
        using (zip)
        {
            foreach (var e in zip.Entries)
                if (e.FullName.StartsWith('/') || e.FullName.Contains("..", StringComparison.Ordinal) || e.FullName.Contains('\\'))
                    throw new InvalidDataException($"{source}: refused zip entry name '{e.FullName}'");
            var pkl = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl")
                ?? throw new InvalidDataException($"{source}: no data.pkl inside: not a PyTorch checkpoint");
            string prefix = pkl.FullName[..^"data.pkl".Length];
            var order = zip.GetEntry(prefix + "byteorder");
            if (order is not null && ReadAll(order, 16) is var bo && System.Text.Encoding.ASCII.GetString(bo).Trim() != "little")
                throw new InvalidDataException($"{source}: big-endian checkpoints are not supported");
            var root = SafeUnpickler.Load(ReadAll(pkl, 64 << 20), $"{source}:{pkl.FullName}") as PickledDict
                ?? throw new InvalidDataException($"{source}: the pickle does not hold a dict");
            var sd = root.Get("state_dict") as PickledDict ?? throw new InvalidDataException($"{source}: no 'state_dict' in the checkpoint");
            var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
            var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
            foreach (var kv in sd)
            {
                var name = kv.Key as string ?? throw new InvalidDataException($"{source}: non-string state_dict key");
                var t = kv.Value as PickledTensor ?? throw new InvalidDataException($"{source}: state_dict['{name}'] is not a tensor");
                tensors[name] = ReadTensor(zip, prefix, t, source, name);
                shapes[name] = t.Shape;
            }
            double mean = 0, std = 1;
            if (root.Get("normalizer") is PickledDict norm)
            {
                mean = Scalar(zip, prefix, norm.Get("mean"), source, "normalizer.mean") ?? 0;
                std = Scalar(zip, prefix, norm.Get("std"), source, "normalizer.std") ?? 1;
            }
            var args = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (root.Get("args") is PickledDict a)
                foreach (var kv in a) if (kv.Key is string k) args[k] = kv.Value;
            long? epoch = root.Get("epoch") is long ep ? ep : null;
            double? best = null;
            foreach (var key in new[] { "best_mae_error", "best_metric", "best_auc" })
                if (root.Has(key)) { best = Scalar(zip, prefix, root.Get(key), source, key); break; }
            return new PyTorchCheckpoint(source, tensors, shapes, mean, std, args, epoch, best);
        }
    }

    private static double? Scalar(ZipArchive zip, string prefix, object? v, string source, string what) => v switch
    {
        double d => d,
        long l => l,
        PickledTensor t when t.ElementCount == 1 => ReadTensor(zip, prefix, t, source, what)[0],
        null => null,
        _ => throw new InvalidDataException($"{source}: '{what}' is not a number"),
    };

    private static float[] ReadTensor(ZipArchive zip, string prefix, PickledTensor t, string source, string name)
    {
        var entry = zip.GetEntry($"{prefix}data/{t.StorageKey}") ?? throw new InvalidDataException($"{source}: storage '{t.StorageKey}' of '{name}' missing");
        int itemSize = t.StorageType switch
        {
            "FloatStorage" => 4,
            "LongStorage" or "DoubleStorage" => 8,
            "IntStorage" => 4,
            _ => throw new InvalidDataException($"{source}: tensor '{name}' has unsupported storage type {t.StorageType}"),
        };
        long n = t.ElementCount;
        if (n < 0 || n > 1L << 28) throw new InvalidDataException($"{source}: tensor '{name}' has an implausible size {n}");
        var bytes = ReadAll(entry, 1 << 30);
        var result = new float[n];
        var index = new long[t.Shape.Length];
        for (long k = 0; k < n; k++)
        {
            long offset = t.Offset;
            for (int d = 0; d < index.Length; d++) offset += index[d] * t.Stride[d];
            long at = offset * itemSize;
            if (at < 0 || at + itemSize > bytes.Length) throw new InvalidDataException($"{source}: tensor '{name}' reads outside its storage");
            var span = bytes.AsSpan((int)at, itemSize);
            result[k] = t.StorageType switch
            {
                "FloatStorage" => BinaryPrimitives.ReadSingleLittleEndian(span),
                "DoubleStorage" => (float)BinaryPrimitives.ReadDoubleLittleEndian(span),
                "LongStorage" => BinaryPrimitives.ReadInt64LittleEndian(span),
                _ => BinaryPrimitives.ReadInt32LittleEndian(span),
            };
            for (int d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < t.Shape[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }

    private static byte[] ReadAll(ZipArchiveEntry e, long limit)
    {
        if (e.Length > limit) throw new InvalidDataException($"zip entry '{e.FullName}' is too large ({e.Length} bytes)");
        using var s = e.Open();
        using var ms = new MemoryStream((int)e.Length);
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
