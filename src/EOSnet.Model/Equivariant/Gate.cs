using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model.Equivariant;

/// <summary>
/// e3nn's <c>nn.Gate</c> with SiLU on the scalars and sigmoid on the gates, each scaled by its normalize2mom
/// constant: input <c>[scalars | gates | gated]</c> (S + G scalars, then the G gated channels of
/// <see cref="IrrepsGated"/>), output <c>[c_silu·silu(scalars) | c_sig·sigmoid(gate_g)·gated_g]</c>, where gate g
/// multiplies all 2l + 1 components of gated channel g (channels counted in order through the gated terms).
/// </summary>
public sealed class Gate : nn.Module<Tensor, Tensor>
{
    /// <summary>e3nn's normalize2mom constant of SiLU: E[silu(z)²]^(−1/2), z ~ N(0, 1) (as e3nn estimates it).</summary>
    public const double SiluConstant = 1.6791767923989418;

    /// <summary>e3nn's normalize2mom constant of the sigmoid: E[sigmoid(z)²]^(−1/2), z ~ N(0, 1) (as e3nn estimates it).</summary>
    public const double SigmoidConstant = 1.8467055342154763;

    private static readonly Scalar SiluScale = SiluConstant.ToScalar(), SigmoidScale = SigmoidConstant.ToScalar();
    private readonly long[] _gateOfColumn;

    /// <summary>Creates the gate for <paramref name="scalars"/> scalar channels and the gated irreps <paramref name="gated"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="gated"/> holds a scalar term, or <paramref name="scalars"/> is negative.</exception>
    public Gate(int scalars, Irreps gated) : base("Gate")
    {
        ArgumentNullException.ThrowIfNull(gated);
        if (scalars < 0) throw new ArgumentException("negative scalar count", nameof(scalars));
        if (gated.Terms.Any(t => t.Irrep.L == 0)) throw new ArgumentException("gated irreps must have l > 0", nameof(gated));
        Scalars = scalars;
        IrrepsGated = gated;
        Gates = gated.Multiplicity;
        var map = new List<long>();
        int g = 0;
        foreach (var term in gated.Terms)
            for (int u = 0; u < term.Multiplicity; u++, g++)
                for (int m = 0; m < term.Irrep.Dimension; m++) map.Add(g);
        _gateOfColumn = map.ToArray();
    }

    /// <summary>Number of scalar channels passed through SiLU.</summary>
    public int Scalars { get; }
    /// <summary>Number of gates (= channels of <see cref="IrrepsGated"/>).</summary>
    public int Gates { get; }
    /// <summary>The gated irreps.</summary>
    public Irreps IrrepsGated { get; }
    /// <summary>Input dimension: scalars + gates + dim(gated).</summary>
    public int InputDimension => Scalars + Gates + IrrepsGated.Dimension;
    /// <summary>Output dimension: scalars + dim(gated).</summary>
    public int OutputDimension => Scalars + IrrepsGated.Dimension;

    /// <summary>N × <see cref="InputDimension"/> → N × <see cref="OutputDimension"/>.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var scalars = nn.functional.silu(input.narrow(1, 0, Scalars)).mul(SiluScale);
        if (Gates == 0) return scalars.MoveToOuterDisposeScope();
        using var index = tensor(_gateOfColumn, device: input.device);
        var gates = input.narrow(1, Scalars, Gates).sigmoid().mul(SigmoidScale).index_select(1, index);
        var gated = input.narrow(1, Scalars + Gates, IrrepsGated.Dimension).mul(gates);
        return cat(new[] { scalars, gated }, 1).MoveToOuterDisposeScope();
    }
}
