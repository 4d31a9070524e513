using EOSnet.TestSupport;

namespace EOSnet.MLNet.Tests.Reliability;

/// <summary>The compiled EOSnet.MLNet hands libtorch no Scalar that only a finalizer frees (see the Model tests for the audit's own checks).</summary>
public class ScalarAuditTests
{
    [Fact]
    public void EOSnet_MLNet_hands_libtorch_no_temporary_Scalar() => ScalarTemporaryAudit.AssertNone(typeof(EosNetPredictionTransformer).Assembly);

    [Fact]
    public void EOSnet_MLNet_leaves_no_temporary_Tensor_outside_a_scope()
    {
        var findings = new ScalarTemporaryAudit().UnscopedTensors(typeof(EosNetPredictionTransformer).Assembly.GetTypes(), new HashSet<string>());
        Assert.True(findings.Count == 0, "temporary Tensors outside any DisposeScope:\n" + string.Join("\n", findings));
    }
}
