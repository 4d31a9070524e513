using EOSnet.TestSupport;

namespace EOSnet.MLNet.Tests.Reliability;

/// <summary>The compiled EOSnet.MLNet hands libtorch no Scalar that only a finalizer frees (see the Model tests for the audit's own checks).</summary>
public class ScalarAuditTests
{
    [Fact]
    public void EOSnet_MLNet_hands_libtorch_no_temporary_Scalar()
    {
        var findings = new ScalarTemporaryAudit().Audit(typeof(EosNetPredictionTransformer).Assembly);
        Assert.True(findings.Count == 0, "temporary Scalars (own them, or replace the TorchSharp helper):\n" + string.Join("\n", findings));
    }
}
