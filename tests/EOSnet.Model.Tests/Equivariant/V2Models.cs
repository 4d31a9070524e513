using System.Collections.Concurrent;
using System.Text.Json;
using EOSnet.Model.Equivariant;
using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests.Equivariant;

/// <summary>The golden v2 models, inputs and traces as the port's types (parsed once per test run).</summary>
internal static class V2Models
{
    public static readonly string[] Models = ["default", "small"];
    public static readonly string[] Variants = ["float32", "float64", "float64_exactconst"];

    private static readonly ConcurrentDictionary<string, Dictionary<string, StateTensor>> StateDicts = new();
    private static readonly Lazy<Dictionary<string, EquivariantSample>> LazySamples = new(LoadSamples);

    public static EosNetV2Config Config(string model) => model == "default" ? EosNetV2Config.Default : EosNetV2Config.Small;

    public static Dictionary<string, StateTensor> StateDict(string model) => StateDicts.GetOrAdd(model, m =>
    {
        using var doc = V2Golden.Load($"{m}_seed0_state_dict");
        var result = new Dictionary<string, StateTensor>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.GetProperty("state_dict").EnumerateObject())
        {
            var shape = p.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            // float32 values printed as the shortest decimal that round-trips to the float32: round back to it.
            var values = p.Value.GetProperty("values").EnumerateArray().Select(x => (double)(float)x.GetDouble()).ToArray();
            result[p.Name] = new StateTensor(shape, values);
        }
        return result;
    });

    public static IReadOnlyDictionary<string, EquivariantSample> Samples => LazySamples.Value;

    /// <summary>The network of <paramref name="model"/> with the golden weights, set up for <paramref name="variant"/>.</summary>
    public static EosNetV2 Network(string model, string variant)
    {
        var net = new EosNetV2(Config(model));
        if (variant != "float32") net.to(float64);
        EosNetV2StateDict.Load(net, StateDict(model), useStoredConstants: variant != "float64_exactconst");
        net.eval();
        return net;
    }

    public static ScalarType Dtype(string variant) => variant == "float32" ? ScalarType.Float32 : ScalarType.Float64;

    public static EquivariantBatch Batch(string variant, params string[] structures) =>
        EquivariantBatch.Create(structures.Select(s => Samples[s]).ToList(), Dtype(variant));

    /// <summary>A tensor's values as doubles, row-major.</summary>
    public static double[] Values(Tensor t)
    {
        if (t.numel() == 0) return [];
        using var scope = NewDisposeScope();
        return t.detach().to(float64).cpu().contiguous().data<double>().ToArray();
    }

    private static Dictionary<string, EquivariantSample> LoadSamples()
    {
        using var doc = V2Golden.Load("inputs");
        var result = new Dictionary<string, EquivariantSample>(StringComparer.Ordinal);
        foreach (var p in V2Golden.Structures(doc).EnumerateObject())
        {
            var s = p.Value;
            int n = s.GetProperty("n_atoms").GetInt32();
            var index = s.GetProperty("edge_index");
            var src = index[0].EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var dst = index[1].EnumerateArray().Select(x => x.GetInt32()).ToArray();
            result[p.Name] = new EquivariantSample(n, V2Golden.Flatten(s.GetProperty("atom_fea")), src, dst, V2Golden.Flatten(s.GetProperty("edge_vec_A")));
        }
        return result;
    }
}
