using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>
/// One gated graph convolution of EOSnet v1 (CGCNN style): concatenate [self, neighbour, edge] for every slot,
/// Linear(2F + E → 2F) → BatchNorm (<see cref="ScalarSafeBatchNorm1d"/>) → sigmoid(filter) ⊙ softplus(core) → sum over slots → BatchNorm → residual →
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
    public override Tensor forward(Tensor x, Tensor neighbors, Tensor edges)
    {
        long n = x.shape[0], m = neighbors.shape[1];
        using var nbr = x.index_select(0, neighbors.view(-1)).view(n, m, _features);
        using var self = x.unsqueeze(1).expand(n, m, _features);
        using var z = cat(new[] { self, nbr, edges }, 2);
        using var y = fc_full.forward(z);
        using var yn = bn1.forward(y.view(n * m, 2 * _features)).view(n, m, 2 * _features);
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
