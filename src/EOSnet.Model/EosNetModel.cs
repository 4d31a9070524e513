using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EOSnet.Featurization;
using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>One prediction: regression value (target units), or classification logit z₁ − z₀ and P(class 1).</summary>
public readonly record struct EosNetPrediction(float Value, float Logit, float Probability);

/// <summary>
/// A trained EOSnet network with everything needed to use it: architecture, target normaliser, training history.
/// Prediction is batched and thread-safe. Saved in EOSnet's own format (<see cref="Save"/>): a JSON header and the
/// TorchSharp state dictionary, protected by a SHA-256 checksum.
/// </summary>
public sealed class EosNetModel : IDisposable
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("EOSNETM1");
    private readonly object _gate = new();

    internal EosNetModel(EosNetNetwork network, TargetNormalizer normalizer, IReadOnlyList<EpochReport> history, Device device)
    {
        Network = network;
        Normalizer = normalizer;
        History = history;
        Device = device;
        Network.eval();
    }

    /// <summary>The network (evaluation mode).</summary>
    public EosNetNetwork Network { get; }
    /// <summary>The architecture.</summary>
    public EosNetArchitecture Architecture => Network.Architecture;
    /// <summary>Target standardisation (identity for classifiers).</summary>
    public TargetNormalizer Normalizer { get; }
    /// <summary>Per-epoch training reports.</summary>
    public IReadOnlyList<EpochReport> History { get; }
    /// <summary>Device the network lives on.</summary>
    public Device Device { get; }

    /// <summary>Builds a model from plain weights (e.g. an imported PyTorch checkpoint or golden JSON).</summary>
    public static EosNetModel FromStateDict(EosNetArchitecture architecture, TargetNormalizer normalizer, IReadOnlyDictionary<string, float[]> weights, string device = "cpu")
    {
        TorchRuntime.EnsureLoaded();
        var net = new EosNetNetwork(architecture);
        StateDictionaryIO.Load(net, weights);
        var dev = TorchRuntime.ResolveDevice(device);
        net.to(dev);
        return new EosNetModel(net, normalizer, Array.Empty<EpochReport>(), dev);
    }

    /// <summary>
    /// Atoms per forward pass when predicting: a batch of <c>batchSize</c> crystals is cut into consecutive chunks of at
    /// most this many atoms (a larger crystal is a chunk of its own), so the activations of a pass (about
    /// M neighbours × 4·width floats per atom and layer) stay near 100 MB whatever the crystals' sizes. A crystal's
    /// prediction does not depend on which crystals share its pass.
    /// </summary>
    public const int PredictionAtomBudget = 4096;

    /// <summary>Predicts in batches of <paramref name="batchSize"/> crystals (evaluation mode, no gradients), each pass at most <see cref="PredictionAtomBudget"/> atoms.</summary>
    public EosNetPrediction[] Predict(IReadOnlyList<CrystalGraph> graphs, int batchSize = 512)
    {
        var result = new EosNetPrediction[graphs.Count];
        lock (_gate)
        {
            using var _ = no_grad();
            int start = 0;
            while (start < graphs.Count)
            {
                int count = 0, atoms = 0;
                while (start + count < graphs.Count && count < batchSize
                    && (count == 0 || atoms + graphs[start + count].AtomCount <= PredictionAtomBudget))
                    atoms += graphs[start + count++].AtomCount;
                using var scope = NewDisposeScope();
                var chunk = graphs.Skip(start).Take(count).ToList();
                using var batch = GraphBatch.Collate(chunk, Device);
                var output = Network.forward(batch).cpu();
                var values = output.data<float>().ToArray();
                for (int k = 0; k < chunk.Count; k++)
                {
                    if (Architecture.Task == ModelTask.Regression)
                        result[start + k] = new EosNetPrediction((float)Normalizer.Denormalize(values[k]), float.NaN, float.NaN);
                    else
                    {
                        float logit = values[2 * k + 1] - values[2 * k];
                        result[start + k] = new EosNetPrediction(float.NaN, logit, 1f / (1f + MathF.Exp(-logit)));
                    }
                }
                start += count;
            }
        }
        return result;
    }

    /// <summary>Weights as plain arrays (for ONNX export).</summary>
    public Dictionary<string, float[]> ExportStateDict()
    {
        lock (_gate) return StateDictionaryIO.Export(Network);
    }

    private sealed record Header(int Format, EosNetArchitecture Architecture, TargetNormalizer Normalizer, IReadOnlyList<EpochReport> History);

    internal static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() }, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes the model (header + state dictionary + SHA-256) to a stream.</summary>
    public void Save(Stream stream)
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(JsonSerializer.Serialize(new Header(1, Architecture, Normalizer, History), Json));
            lock (_gate) Network.save(w);
        }
        ChecksummedBlob.Write(stream, Magic, payload.ToArray());
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a damaged or foreign file gives <see cref="InvalidDataException"/>.</summary>
    public static EosNetModel Load(Stream stream, string device = "cpu", string source = "model")
    {
        TorchRuntime.EnsureLoaded();
        var payload = ChecksummedBlob.Read(stream, Magic, source);
        using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        var header = JsonSerializer.Deserialize<Header>(r.ReadString(), Json) ?? throw new InvalidDataException($"{source}: empty header");
        if (header.Format != 1) throw new InvalidDataException($"{source}: model format {header.Format} is not supported by this version");
        var net = new EosNetNetwork(header.Architecture);
        net.load(r, strict: true);
        var dev = TorchRuntime.ResolveDevice(device);
        net.to(dev);
        return new EosNetModel(net, header.Normalizer, header.History, dev);
    }

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();
}

/// <summary>magic · length · payload · SHA-256(payload): a file that cannot be read back half-written or altered.</summary>
internal static class ChecksummedBlob
{
    public static void Write(Stream stream, byte[] magic, byte[] payload)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(magic);
        w.Write((long)payload.Length);
        w.Write(payload);
        w.Write(SHA256.HashData(payload));
    }

    public static byte[] Read(Stream stream, byte[] magic, string source)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var m = r.ReadBytes(magic.Length);
            if (!m.AsSpan().SequenceEqual(magic)) throw new InvalidDataException($"{source}: not an EOSnet {Encoding.ASCII.GetString(magic)} file");
            long length = r.ReadInt64();
            if (length < 0 || length > 1L << 31) throw new InvalidDataException($"{source}: corrupted length {length}");
            var payload = r.ReadBytes((int)length);
            var hash = r.ReadBytes(32);
            if (payload.Length != length || hash.Length != 32) throw new InvalidDataException($"{source}: truncated file");
            if (!SHA256.HashData(payload).AsSpan().SequenceEqual(hash)) throw new InvalidDataException($"{source}: checksum mismatch (the file is damaged or was modified)");
            return payload;
        }
        catch (EndOfStreamException e) { throw new InvalidDataException($"{source}: truncated file", e); }
    }
}
