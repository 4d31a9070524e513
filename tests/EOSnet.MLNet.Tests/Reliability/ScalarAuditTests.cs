using EOSnet.TestSupport;

namespace EOSnet.MLNet.Tests.Reliability;

/// <summary>The compiled EOSnet.MLNet hands libtorch no Scalar that only a finalizer frees (see the Model tests for the audit's own checks).</summary>
public class ScalarAuditTests
{
    [Fact]
    public void EOSnet_MLNet_hands_libtorch_no_temporary_Scalar() => ScalarTemporaryAudit.AssertNone(typeof(EosNetPredictionTransformer).Assembly);
}
