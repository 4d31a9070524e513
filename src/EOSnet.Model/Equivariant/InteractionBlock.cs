using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model.Equivariant;

/// <summary>
/// One interaction block of the reference's <c>EOSNetV2</c> (state-dict prefix <c>convs.k</c>):
/// <c>self_interaction = o3.Linear(h)</c>; per edge, weights from the radial MLP <c>fc</c>
/// (Linear → SiLU → Linear on the radial basis) drive the tensor product <c>tp</c> of the source atom's features
/// with the edge's spherical harmonics; the messages are summed onto the destination atoms (<c>gate_in</c>), pass
/// through the <see cref="Gate"/>, and the self-interaction is added: <c>out = gate(Σ messages) + self_interaction</c>.
/// </summary>
/// <remarks>
/// Edges are processed in chunks so that the per-edge weights (E × <see cref="FullyConnectedTensorProduct.WeightCount"/>,
/// 4 800 per edge in the default model) never exceed <see cref="MaxEdgeWeightValues"/> values at once.
/// </remarks>
public sealed class InteractionBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // names are PyTorch state-dict keys
    private readonly Sequential fc;
    private readonly FullyConnectedTensorProduct tp;
    private readonly EquivariantLinear self_interaction;
    private readonly Gate gate;
#pragma warning restore IDE1006
    private readonly Linear[] _radialLayers; // fc.0 and fc.2 (an array: not registered a second time)

    /// <summary>Creates a block from node irreps <paramref name="irrepsIn"/> to <paramref name="irrepsHidden"/>.</summary>
    /// <param name="irrepsIn">Input node irreps (the embedding's <c>C0x0e</c> for the first block, the hidden irreps after).</param>
    /// <param name="irrepsHidden">Output node irreps (sorted, simplified, scalars first; see <see cref="EosNetV2Config"/>).</param>
    /// <param name="irrepsEdge">Irreps of the edge spherical harmonics (<c>1x0e+1x1o+1x2e</c>).</param>
    /// <param name="radialBasisCount">Number of radial basis values per edge.</param>
    /// <param name="radialHidden">Hidden width of the radial MLP.</param>
    public InteractionBlock(Irreps irrepsIn, Irreps irrepsHidden, Irreps irrepsEdge, int radialBasisCount, int radialHidden) : base("InteractionBlock")
    {
        ArgumentNullException.ThrowIfNull(irrepsHidden);
        int scalars = irrepsHidden.ScalarMultiplicity;
        var gated = new Irreps(irrepsHidden.Terms.Where(t => t.Irrep.L != 0));
        gate = new Gate(scalars, gated);
        var gateIn = new List<MulIrrep> { new(scalars + gate.Gates, new Irrep(0, 1)) };
        gateIn.AddRange(gated.Terms);
        IrrepsIn = irrepsIn;
        IrrepsOut = irrepsHidden;
        tp = new FullyConnectedTensorProduct(irrepsIn, irrepsEdge, new Irreps(gateIn));
        self_interaction = new EquivariantLinear(irrepsIn, irrepsHidden);
        _radialLayers = [nn.Linear(radialBasisCount, radialHidden), nn.Linear(radialHidden, tp.WeightCount)];
        fc = nn.Sequential(("0", _radialLayers[0]), ("1", nn.SiLU()), ("2", _radialLayers[1]));
        RegisterComponents();
    }

    /// <summary>Input node irreps.</summary>
    public Irreps IrrepsIn { get; }
    /// <summary>Output node irreps.</summary>
    public Irreps IrrepsOut { get; }
    /// <summary>The tensor product (its output is the gate's input).</summary>
    public FullyConnectedTensorProduct TensorProduct => tp;
    /// <summary>The self-interaction (o3.Linear).</summary>
    public EquivariantLinear SelfInteraction => self_interaction;
    /// <summary>The gate.</summary>
    public Gate Gate => gate;
    /// <summary>The radial MLP (Linear → SiLU → Linear), per-edge weights in e3nn's layout.</summary>
    public Sequential RadialMlp => fc;

    /// <summary>Most per-edge weight values held at once (edges per chunk × weights per edge); default 2²².</summary>
    public long MaxEdgeWeightValues { get; set; } = 1L << 22;

    /// <summary>Not used: a block needs the edges; call <see cref="Forward"/>.</summary>
    public override Tensor forward(Tensor input) => throw new NotSupportedException("an interaction block needs the edges: call Forward");

    /// <summary>The block output (N × dim(hidden)).</summary>
    public Tensor Forward(Tensor nodes, EdgeInputs edges)
    {
        using var scope = NewDisposeScope();
        return Run(nodes, edges).Out.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The block's intermediate values: self-interaction, summed messages (gate input), gate output and output.
    /// The tensors belong to the caller's dispose scope.
    /// </summary>
    public InteractionTrace Run(Tensor nodes, EdgeInputs edges)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);
        using var scope = NewDisposeScope();
        long n = nodes.shape[0];
        var selfInteraction = self_interaction.forward(nodes);
        var gateIn = zeros(new long[] { n, tp.IrrepsOut.Dimension }, nodes.dtype, nodes.device);
        long e = edges.Count;
        if (e > 0)
        {
            var (fc0, fc2) = (_radialLayers[0], _radialLayers[1]);
            using var order = tensor(tp.GroupedWeightOrder.ToArray(), device: nodes.device);
            var w2 = fc2.weight!.index_select(0, order);
            var b2 = fc2.bias!.index_select(0, order);
            long chunk = Math.Max(1, MaxEdgeWeightValues / Math.Max(1, tp.WeightCount));
            for (long start = 0; start < e; start += chunk)
            {
                using var inner = NewDisposeScope();
                long len = Math.Min(chunk, e - start);
                var hidden = nn.functional.silu(fc0.forward(edges.Radial.narrow(0, start, len)));
                var weights = nn.functional.linear(hidden, w2, b2);
                var source = nodes.index_select(0, edges.Source.narrow(0, start, len));
                var messages = tp.ForwardGrouped(source, edges.Harmonics.narrow(0, start, len), weights);
                gateIn.index_add_(0, edges.Destination.narrow(0, start, len), messages, TorchOps.One);
            }
        }
        var gateOut = gate.forward(gateIn);
        var output = gateOut.add(selfInteraction, TorchOps.One);
        return new InteractionTrace(selfInteraction.MoveToOuterDisposeScope(), gateIn.MoveToOuterDisposeScope(),
            gateOut.MoveToOuterDisposeScope(), output.MoveToOuterDisposeScope());
    }
}

/// <summary>What an <see cref="InteractionBlock"/> computes, as the reference's traces name it.</summary>
/// <param name="SelfInteraction">o3.Linear output, N × dim(hidden).</param>
/// <param name="GateIn">Messages summed onto each destination atom, N × dim(gate input).</param>
/// <param name="GateOut">Gate output, N × dim(hidden).</param>
/// <param name="Out">Block output = gate output + self-interaction.</param>
public sealed record InteractionTrace(Tensor SelfInteraction, Tensor GateIn, Tensor GateOut, Tensor Out);

/// <summary>
/// The per-edge inputs of the interaction blocks, shared by all of them: source and destination atom (E, int64),
/// the spherical harmonics Y(edge vector) (E × 9) and the radial basis (E × count).
/// </summary>
/// <param name="Source">Source atom of each edge (the reference's <c>edge_index[0]</c>).</param>
/// <param name="Destination">Destination atom of each edge (<c>edge_index[1]</c>); messages are summed there.</param>
/// <param name="Harmonics">Spherical harmonics of the edge vectors.</param>
/// <param name="Radial">Radial basis of the edge lengths.</param>
public sealed record EdgeInputs(Tensor Source, Tensor Destination, Tensor Harmonics, Tensor Radial)
{
    /// <summary>Number of edges.</summary>
    public long Count => Source.shape[0];
}
