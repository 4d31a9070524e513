using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>
/// One gated graph convolution of EOSnet v1 (CGCNN style): for every neighbour slot, the Linear(2F + E → 2F) of
/// [self ; neighbour ; edge] → BatchNorm (<see cref="ScalarSafeBatchNorm1d"/>) → sigmoid(filter) ⊙ softplus(core) → sum over slots → BatchNorm → residual →
/// softplus. Field names are the reference's state-dict keys (fc_full, bn1, bn2).
/// </summary>
public sealed class AtomConvLayer : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // names are PyTorch state-dict keys
    private readonly Linear fc_full;
    private readonly ScalarSafeBatchNorm1d bn1;
    private readonly ScalarSafeBatchNorm1d bn2;
#pragma warning restore IDE1006
    private readonly int _features;

    /// <summary>Creates the layer for atom width <paramref name="features"/> and edge width <paramref name="edgeLength"/>.</summary>
    public AtomConvLayer(int features, int edgeLength) : base(nameof(AtomConvLayer))
    {
        _features = features;
        fc_full = nn.Linear(2 * features + edgeLength, 2 * features);
        bn1 = new ScalarSafeBatchNorm1d(2 * features);
        bn2 = new ScalarSafeBatchNorm1d(features);
        RegisterComponents();
    }

    /// <summary>x: N × F atoms; neighbors: N × M indices; edges: N × M × E.</summary>
    /// <remarks>
    /// Computed as W·[x_i ; x_j ; e_ij] + b = (W_self·x_i + b) + W_nbr·x_j + W_edge·e_ij with the column blocks of
    /// <c>fc_full.weight</c>: the self and neighbour products are made once per atom (one N × F by F × 4F product) and
    /// gathered, instead of once per neighbour slot over a concatenated N·M × (2F + E) input. Same result up to
    /// rounding; the parameters (and so the state dictionary) are the reference's.
    /// </remarks>
    public override Tensor forward(Tensor x, Tensor neighbors, Tensor edges) => Forward(x, neighbors, edges, null);

    /// <summary>
    /// As <see cref="forward"/>; with an <see cref="EdgeBasis"/> V (E × r), <paramref name="edges"/> holds the
    /// coefficients Vᵀ·e (N × M × r) and the edge block of the weight is applied as W_edge·V.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor neighbors, Tensor edges, Tensor? basis)
    {
        long n = x.shape[0], m = neighbors.shape[1], k = edges.shape[2], e = basis?.shape[0] ?? k;
        int width = 2 * _features;
        var w = fc_full.weight!;
        using var wAtoms = w.narrow(1, 0, 2 * _features).view(width, 2, _features).transpose(0, 1).reshape(2 * width, _features);
        using var wFull = w.narrow(1, 2 * _features, e);
        using var wProjected = basis is null ? null : wFull.mm(basis);              // width × r
        var wEdge = wProjected ?? wFull;
        using var atoms = nn.functional.linear(x, wAtoms);                        // N × 2·width: [W_self·x | W_nbr·x]
        using var selfPart = atoms.narrow(1, 0, width);
        using var nbrPart = atoms.narrow(1, width, width);
        using var y = nn.functional.linear(edges.view(n * m, k), wEdge, fc_full.bias); // N·M × width
        using var gathered = nbrPart.index_select(0, neighbors.view(-1));
        y.add_(gathered, TorchOps.One);
        using var yv = y.view(n, m, width);
        yv.add_(selfPart.unsqueeze(1), TorchOps.One);
        using var yn = bn1.forward(y).view(n, m, width);
        var parts = yn.chunk(2, 2);
        using var filter = parts[0];
        using var core = parts[1];
        using var gate = filter.sigmoid();
        using var act = TorchOps.Softplus(core);
        using var msg = gate.mul(act);
        using var summed = msg.sum(1);
        using var s = bn2.forward(summed);
        using var res = x.add(s, TorchOps.One); // add(Tensor) alone makes a temporary alpha Scalar
        return TorchOps.Softplus(res);
    }
}
