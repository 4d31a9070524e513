using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model.Equivariant;

/// <summary>
/// A trained <see cref="EosNetV2"/> with the target normaliser of its training rows: <see cref="Predict(IReadOnlyList{EquivariantSample})"/> returns
/// values in target units. Owns the network; prediction is thread-safe. Saved in EOSnet's own format
/// (<see cref="Save"/>: a JSON header with the shape, normaliser, radial constants and history, then the weights).
/// </summary>
public sealed class EosNetV2TrainedModel : IDisposable
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("EOSNETV2");
    private readonly object _gate = new();

    internal EosNetV2TrainedModel(EosNetV2 network, TargetNormalizer normalizer, IReadOnlyList<EpochReport> history, Device device, int predictionBatchSize)
    {
        Network = network;
        Normalizer = normalizer;
        History = history;
        Device = device;
        PredictionBatchSize = predictionBatchSize;
    }

    /// <summary>The network (predicts standardised targets).</summary>
    public EosNetV2 Network { get; }
    /// <summary>The network's shape.</summary>
    public EosNetV2Config Config => Network.Config;
    /// <summary>Mean and standard deviation of the training targets.</summary>
    public TargetNormalizer Normalizer { get; }
    /// <summary>One report per epoch (training loss, validation MAE when validation structures were given, learning rate, seconds, best epoch).</summary>
    public IReadOnlyList<EpochReport> History { get; }
    /// <summary>Per epoch, the mean over the training rows of the squared error on the standardised target (in training mode, before each step's update).</summary>
    public IReadOnlyList<double> EpochLosses => History.Select(r => r.TrainLoss).ToList();
    /// <summary>Where the network lives.</summary>
    public Device Device { get; }
    /// <summary>Structures per forward pass in <see cref="Predict(IReadOnlyList{EquivariantSample})"/>.</summary>
    public int PredictionBatchSize { get; }

    /// <summary>Predictions in target units, in the order of <paramref name="samples"/>.</summary>
    public double[] Predict(IReadOnlyList<EquivariantSample> samples) => Predict(samples, PredictionBatchSize);

    /// <summary>Predictions in target units, <paramref name="batchSize"/> structures per forward pass (the result does not depend on it beyond float rounding).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    public double[] Predict(IReadOnlyList<EquivariantSample> samples, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "at least one structure per batch");
        lock (_gate) return EosNetV2Training.Predict(Network, samples, batchSize, Device, Normalizer);
    }

    /// <summary>The weights as plain float arrays by PyTorch state-dict name (fine-tuning: <see cref="EosNetV2Training"/>'s initial weights).</summary>
    public Dictionary<string, float[]> ExportStateDict()
    {
        lock (_gate) return StateDictionaryIO.Export(Network);
    }

    private sealed record Header(int Format, EosNetV2Config Config, string ParameterType, IReadOnlyList<double> RadialCenters, double RadialWidth,
        TargetNormalizer Normalizer, IReadOnlyList<EpochReport> History, int PredictionBatchSize);

    /// <summary>Writes the model (header + weights + SHA-256) to a stream; it can be read back on any device.</summary>
    /// <param name="stream">The destination (left open).</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            lock (_gate)
            {
                var header = new Header(1, Config, Network.ParameterType.ToString(), Network.RadialCenters.ToArray(), Network.RadialWidth, Normalizer, History, PredictionBatchSize);
                w.Write(JsonSerializer.Serialize(header, EosNetModel.Json));
                Network.save(w);
            }
        }
        ChecksummedBlob.Write(stream, Magic, payload.ToArray());
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a damaged or foreign stream (a v1 model included) gives <see cref="InvalidDataException"/>.</summary>
    /// <param name="stream">The source (left open).</param>
    /// <param name="device">auto | cpu | cuda | cuda:N.</param>
    /// <param name="source">Names the stream in error messages.</param>
    public static EosNetV2TrainedModel Load(Stream stream, string device = "cpu", string source = "v2 model")
    {
        ArgumentNullException.ThrowIfNull(stream);
        TorchRuntime.EnsureLoaded();
        var payload = ChecksummedBlob.Read(stream, Magic, source);
        using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        var header = JsonSerializer.Deserialize<Header>(r.ReadString(), EosNetModel.Json) ?? throw new InvalidDataException($"{source}: empty header");
        if (header.Format != 1) throw new InvalidDataException($"{source}: v2 model format {header.Format} is not supported by this version");
        if (!Enum.TryParse<ScalarType>(header.ParameterType, out var dtype)) throw new InvalidDataException($"{source}: unknown parameter type {header.ParameterType}");
        var net = new EosNetV2(header.Config);
        try
        {
            net.to(dtype);
            net.SetRadialConstants(header.RadialCenters, header.RadialWidth);
            net.load(r, strict: true);
            var dev = TorchRuntime.ResolveDevice(device);
            net.to(dev);
            net.eval();
            return new EosNetV2TrainedModel(net, header.Normalizer, header.History, dev, header.PredictionBatchSize);
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Network.Dispose();
}
