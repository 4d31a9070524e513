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

/// <summary>EOSnet.Model leaves no temporary Tensor to the finalizer outside a DisposeScope (the audit is in TestSupport).</summary>
public class UnscopedTensorAuditTests
{
    /// <summary>Methods that run only inside a scope their caller opened, each with the scope that covers it.</summary>
    private static readonly HashSet<string> InsideCallersScope = new(StringComparer.Ordinal)
    {
        "EOSnet.Model.AtomConvLayer.forward",            // EosNetNetwork.forward's scope
        "EOSnet.Model.AtomConvLayer.Forward",            // EosNetNetwork.forward's scope
        "EOSnet.Model.EosNetNetwork.EdgeInputs",         // EosNetNetwork.forward's scope
        "EOSnet.Model.EosNetNetwork.ExpandFloat64",      // EosNetNetwork.forward's scope and EdgeBasis.Create's
        "EOSnet.Model.EosNetNetwork.Embed",              // EosNetNetwork.forward's scope
        "EOSnet.Model.EosNetNetwork.EdgeFeatures",       // EosNetNetwork.forward's scope
        "EOSnet.Model.EosNetNetwork.Trace",              // diagnostics for the golden tests, never on the training or prediction path
        "EOSnet.Model.Equivariant.EosNetV2.Pool",        // EosNetV2.forward's and EosNetV2.Trace's scopes
        "EOSnet.Model.Equivariant.EosNetV2.RadialBasisOf", // EosNetV2.EdgeFeatures's scope
        "EOSnet.Model.Equivariant.EquivariantLinear..ctor", // initial weights, made once when the module is built
        "EOSnet.Model.GraphBatch.<Collate>",             // local function, inside Collate's scope
        "EOSnet.Model.RegressionLossFunction.Compute",   // the loss of a batch: EosNetTraining.Train's batch scope and EosNetV2Training.Step's
        "EOSnet.Model.ScalarSafeAdam.Update",            // the step body, inside ScalarSafeAdam.step's scope
        "EOSnet.Model.ScalarSafeBatchNorm1d..ctor",      // initial parameter values, made once when the module is built
        "EOSnet.Model.TorchOps.Softplus",                // fallback only when the bridge lacks THSTensor_softplus (never with 0.107)
    };

    [Fact]
    public void EOSnet_Model_leaves_no_temporary_Tensor_outside_a_scope()
    {
        var findings = new ScalarTemporaryAudit().UnscopedTensors(typeof(EosNetNetwork).Assembly.GetTypes(), InsideCallersScope);
        Assert.True(findings.Count == 0, "temporary Tensors outside any DisposeScope:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void The_audit_finds_a_conversion_chain_outside_a_scope()
    {
        var findings = new ScalarTemporaryAudit().UnscopedTensors(new[] { typeof(Unscoped) }, new HashSet<string>());
        Assert.Contains(findings, f => f.Method.EndsWith(".Chain", StringComparison.Ordinal) && f.Reason.Contains("Tensor.detach()", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Method.EndsWith(".Scoped", StringComparison.Ordinal));
    }

    private static class Unscoped
    {
        public static float[] Chain(TorchSharp.torch.Tensor t) => t.detach().cpu().data<float>().ToArray();
        public static float[] Scoped(TorchSharp.torch.Tensor t)
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            return t.detach().cpu().data<float>().ToArray();
        }
    }
}
