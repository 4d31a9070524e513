using EOSnet.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model.Tests.Reliability;

/// <summary>
/// The compiled EOSnet.Model hands libtorch no Scalar that only a finalizer frees, neither its own nor one that a
/// TorchSharp helper makes on its behalf; and the audit that says so does find each kind when it is there.
/// </summary>
public class ScalarAuditTests
{
    [Fact]
    public void EOSnet_Model_hands_libtorch_no_temporary_Scalar() => ScalarTemporaryAudit.AssertNone(typeof(EosNetNetwork).Assembly);

    [Theory]
    [InlineData(nameof(Unsafe.ImplicitInteger), "op_Implicit(Int32)")]
    [InlineData(nameof(Unsafe.ImplicitDouble), "op_Implicit(Double)")]
    [InlineData(nameof(Unsafe.ToScalarPassedOn), "ToScalar(Double)")]
    [InlineData(nameof(Unsafe.UndisposedLocal), "ToScalar(Double)")]
    [InlineData(nameof(Unsafe.TensorAddWithoutAlpha), "Tensor.add(Tensor)")]
    [InlineData(nameof(Unsafe.FunctionalSoftplus), "softplus")]
    [InlineData(nameof(Unsafe.TorchSharpBatchNorm), "BatchNorm.forward")]
    [InlineData(nameof(Unsafe.InLambda), "op_Implicit(Double)")]
    [InlineData(nameof(Unsafe.TorchSharpAdamStep), "Adam.<step>")]
    public void The_audit_finds_each_kind_of_temporary(string method, string expected)
    {
        var findings = new ScalarTemporaryAudit().Audit(new[] { typeof(Unsafe) });
        var here = findings.Where(f => f.Method.EndsWith("." + method, StringComparison.Ordinal) || f.Method.Contains($"<{method}>", StringComparison.Ordinal)).ToList();
        Assert.True(here.Count > 0, $"no finding in {method}; all findings:\n{string.Join("\n", findings)}");
        Assert.Contains(here, f => f.Reason.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Owned_scalars_are_not_findings()
    {
        var findings = new ScalarTemporaryAudit().Audit(new[] { typeof(Owned) });
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    /// <summary>Each method makes one kind of temporary Scalar on purpose (never run: only inspected).</summary>
    private sealed class Unsafe
    {
        private readonly BatchNorm1d _bn = nn.BatchNorm1d(4);
        private readonly Adam _adam = new(Array.Empty<Parameter>(), 0.1);
        public static Tensor ImplicitInteger(Tensor x) => x.add_(1);
        public static Tensor ImplicitDouble(Tensor x) => x.mul(0.5);
        public static Tensor ToScalarPassedOn(Tensor x) => x.mul(0.5.ToScalar());
        public static Tensor UndisposedLocal(Tensor x)
        {
            var s = 2.0.ToScalar();
            return x.mul(s);
        }
        public static Tensor TensorAddWithoutAlpha(Tensor x, Tensor y) => x.add(y);
        public static Tensor FunctionalSoftplus(Tensor x) => nn.functional.softplus(x, 1, 20);
        public Tensor TorchSharpBatchNorm(Tensor x) => _bn.forward(x);
        public static Func<Tensor, Tensor> InLambda() => x => x.clamp_min(1e-3);
        public void TorchSharpAdamStep() => _adam.step();
    }

    /// <summary>The ways of owning a Scalar that the audit accepts.</summary>
    private sealed class Owned
    {
        private static readonly Scalar Half = 0.5;
        private readonly Scalar _two = 2.0.ToScalar();
        private readonly ScalarSafeBatchNorm1d _bn = new(4);
        private readonly ScalarSafeAdam _adam = new(Array.Empty<Parameter>(), 0.1);
        public static Tensor Static(Tensor x) => x.mul(Half);
        public Tensor Field(Tensor x) => x.mul(_two);
        public static Tensor Using(Tensor x)
        {
            using var s = 3.0.ToScalar();
            return x.mul(s);
        }
        public static Tensor AddWithAlpha(Tensor x, Tensor y) => x.add(y, TorchOps.One);
        public static Tensor Softplus(Tensor x) => TorchOps.Softplus(x);
        public Tensor BatchNorm(Tensor x) => _bn.forward(x);
        public void AdamStep() => _adam.step();
    }
}
