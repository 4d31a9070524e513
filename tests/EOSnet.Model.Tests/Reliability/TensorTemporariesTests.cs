using EOSnet.Featurization;
using EOSnet.TestSupport;

namespace EOSnet.Model.Tests.Reliability;

/// <summary>
/// Code that runs outside a DisposeScope (weights export between training batches, model loading, collation) keeps
/// its temporary tensors reachable while collections run without pause: a temporary Tensor freed by the finalizer under
/// its own native call crashed a soak run (segfault in at::native::to, from StateDictionaryIO.Export's conversion chain).
/// </summary>
[Trait("Category", "GcPressure")]
public class TensorTemporariesTests
{
    [Fact]
    public void Weights_export_and_load_outside_any_scope_survive_collections()
    {
        TorchRuntime.EnsureLoaded();
        TorchSharp.torch.manual_seed(3);
        using var net = new EosNetNetwork(new EosNetArchitecture());
        using var copy = new EosNetNetwork(new EosNetArchitecture());
        var expected = StateDictionaryIO.Export(net);
        using (new NonstopCollections())
        {
            for (int i = 0; i < 400; i++)
            {
                var weights = StateDictionaryIO.Export(net);
                StateDictionaryIO.Load(copy, weights);
            }
        }
        var actual = StateDictionaryIO.Export(copy);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, values) in expected) Assert.Equal(values, actual[name]);
    }

    [SharedDataFact]
    public void Collation_outside_any_scope_survives_collections()
    {
        TorchRuntime.EnsureLoaded();
        var f = new CrystalFeaturizer();
        var graphs = new[] { "si_diamond_prim", "srtio3_cubic", "cu_fcc_prim_1atom" }
            .Select(n => { using var g = GoldenStructure.Load(n); return f.Featurize(g.Crystal)!; }).ToList();
        using (new NonstopCollections())
        {
            for (int i = 0; i < 3000; i++)
            {
                using var batch = GraphBatch.Collate(graphs);
                Assert.Equal(graphs.Sum(g => g.AtomCount), batch.AtomCount);
            }
        }
    }
}
