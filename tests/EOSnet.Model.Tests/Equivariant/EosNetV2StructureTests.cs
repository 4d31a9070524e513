using System.Text.Json;
using EOSnet.Model.Equivariant;
using EOSnet.TestSupport;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests.Equivariant;

/// <summary>The port's layout against e3nn's: irreps, parameter counts and names, instruction lists, path weights.</summary>
public class EosNetV2StructureTests
{
    [Theory]
    [InlineData("32x0e+16x1o+8x2e", 120, new[] { 0, 32, 80 })]
    [InlineData("4x0e+2x1o+2x2e", 20, new[] { 0, 4, 10 })]
    [InlineData("1x0e+1x1o+1x2e", 9, new[] { 0, 1, 4 })]
    public void Irreps_parse_with_e3nns_channel_major_offsets(string text, int dimension, int[] offsets)
    {
        var irreps = Irreps.Parse(text);
        Assert.Equal(text, irreps.ToString());
        Assert.Equal(dimension, irreps.Dimension);
        Assert.Equal(offsets, Enumerable.Range(0, irreps.Count).Select(irreps.Offset));
        Assert.Equal(Irreps.Parse("1x0e+1x1o+1x2e"), Irreps.SphericalHarmonics(2));
        Assert.Throws<FormatException>(() => Irreps.Parse("3x1"));
    }

    [Theory]
    [InlineData("default", 808_545)]
    [InlineData("small", 13_605)]
    public void Parameter_counts_equal_the_references(string model, long count)
    {
        TorchRuntime.EnsureLoaded();
        using var net = new EosNetV2(V2Models.Config(model));
        Assert.Equal(count, net.ParameterCount);
    }

    [Fact]
    public void Default_parameters_split_by_module_as_the_reference()
    {
        TorchRuntime.EnsureLoaded();
        using var net = new EosNetV2(EosNetV2Config.Default);
        var byModule = net.named_parameters().GroupBy(p => p.name.StartsWith("convs.", StringComparison.Ordinal) ? p.name[..7] : p.name[..p.name.IndexOf('.', StringComparison.Ordinal)])
            .ToDictionary(g => g.Key, g => g.Sum(p => p.parameter.numel()));
        Assert.Equal(new Dictionary<string, long>
        {
            ["embedding"] = 6_816, ["convs.0"] = 168_512, ["convs.1"] = 314_432, ["convs.2"] = 314_432, ["conv_to_fc"] = 4_224, ["fc_out"] = 129,
        }, byModule);
    }

    [SharedDataTheory]
    [InlineData("default")]
    [InlineData("small")]
    public void Every_parameter_name_and_shape_is_in_the_reference_state_dict(string model)
    {
        TorchRuntime.EnsureLoaded();
        using var net = new EosNetV2(V2Models.Config(model));
        var reference = V2Models.StateDict(model);
        foreach (var (name, p) in net.state_dict())
        {
            Assert.True(reference.TryGetValue(name, out var r), $"'{name}' is not in the reference state dict");
            Assert.Equal(r!.Shape, p.shape);
        }
        var extra = reference.Keys.Where(k => !net.state_dict().ContainsKey(k)).ToList();
        Assert.All(extra, k => Assert.True(EosNetV2StateDict.IsReferenceOnly(k), $"reference entry '{k}' is neither loaded nor a known constant"));
    }

    [SharedDataTheory]
    [InlineData("default")]
    [InlineData("small")]
    public void Instructions_and_path_weights_equal_e3nns(string model)
    {
        TorchRuntime.EnsureLoaded();
        using var doc = V2Golden.Load("e3nn_constants");
        var blocks = doc.RootElement.GetProperty("models").GetProperty(model).GetProperty("blocks");
        using var net = new EosNetV2(V2Models.Config(model));
        Assert.Equal(blocks.GetArrayLength(), net.Blocks.Count);
        for (int k = 0; k < net.Blocks.Count; k++)
        {
            var block = net.Blocks[k];
            var tp = blocks[k].GetProperty("tp");
            Assert.Equal(tp.GetProperty("irreps_in1").GetString(), block.TensorProduct.Irreps1.ToString());
            Assert.Equal(tp.GetProperty("irreps_out").GetString(), block.TensorProduct.IrrepsOut.ToString());
            Assert.Equal(tp.GetProperty("weight_numel").GetInt32(), block.TensorProduct.WeightCount);
            var ins = tp.GetProperty("instructions").EnumerateArray().ToList();
            Assert.Equal(ins.Count, block.TensorProduct.Paths.Count);
            for (int i = 0; i < ins.Count; i++)
            {
                var p = block.TensorProduct.Paths[i];
                Assert.Equal((ins[i].GetProperty("i_in1").GetInt32(), ins[i].GetProperty("i_in2").GetInt32(), ins[i].GetProperty("i_out").GetInt32()), (p.InputTerm1, p.InputTerm2, p.OutputTerm));
                Assert.Equal("uvw", ins[i].GetProperty("connection_mode").GetString());
                Assert.Equal(ins[i].GetProperty("weight_offset").GetInt32(), p.WeightOffset);
                Assert.Equal(new[] { p.Multiplicity1, 1, p.MultiplicityOut }, ins[i].GetProperty("path_shape").EnumerateArray().Select(e => e.GetInt32()));
                Assert.Equal(ins[i].GetProperty("path_weight").GetDouble(), p.PathWeight, 14);
            }
            var si = blocks[k].GetProperty("self_interaction");
            Assert.Equal(si.GetProperty("weight_numel").GetInt32(), block.SelfInteraction.WeightCount);
            var lins = si.GetProperty("instructions").EnumerateArray().ToList();
            Assert.Equal(lins.Count, block.SelfInteraction.Instructions.Count);
            for (int i = 0; i < lins.Count; i++)
            {
                var p = block.SelfInteraction.Instructions[i];
                Assert.Equal((lins[i].GetProperty("i_in").GetInt32(), lins[i].GetProperty("i_out").GetInt32()), (p.InputTerm, p.OutputTerm));
                Assert.Equal(lins[i].GetProperty("weight_offset").GetInt32(), p.WeightOffset);
                Assert.Equal(lins[i].GetProperty("path_weight").GetDouble(), p.PathWeight, 14);
            }
            var gate = blocks[k].GetProperty("gate");
            Assert.Equal(gate.GetProperty("irreps_gated").GetString(), block.Gate.IrrepsGated.ToString());
            Assert.Equal(Irreps.Parse(gate.GetProperty("irreps_gates").GetString()!).Multiplicity, block.Gate.Gates);
            Assert.Equal(Gate.SiluConstant, gate.GetProperty("act_scalars")[0].GetProperty("cst").GetDouble());
            Assert.Equal(Gate.SigmoidConstant, gate.GetProperty("act_gates")[0].GetProperty("cst").GetDouble());
        }
    }

    [SharedDataFact]
    public void The_float32_width_computed_from_the_stored_centres_is_the_references()
    {
        using var doc = V2Golden.Load("e3nn_constants");
        var rb = doc.RootElement.GetProperty("models").GetProperty("default").GetProperty("radial_basis");
        var centers = rb.GetProperty("centers_float32").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal((double)rb.GetProperty("width_float32_as_used").GetSingle(), EosNetV2StateDict.Float32Width(centers));
        Assert.Equal(EosNetV2StateDict.ReferenceFloat32Width, EosNetV2StateDict.Float32Width(centers));
    }

    [SharedDataFact]
    public void Loading_rejects_a_missing_parameter_and_an_unknown_entry()
    {
        TorchRuntime.EnsureLoaded();
        using var net = new EosNetV2(EosNetV2Config.Small);
        var dict = new Dictionary<string, StateTensor>(V2Models.StateDict("small"));
        dict.Remove("convs.1.fc.2.bias");
        Assert.Contains("convs.1.fc.2.bias", Assert.Throws<InvalidDataException>(() => EosNetV2StateDict.Load(net, dict)).Message, StringComparison.Ordinal);
        dict = new Dictionary<string, StateTensor>(V2Models.StateDict("small")) { ["convs.9.extra"] = new StateTensor([1], [0.0]) };
        Assert.Throws<InvalidDataException>(() => EosNetV2StateDict.Load(net, dict));
    }
}
