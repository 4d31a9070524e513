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
/// The radial MLP depends on the edge length only, so it runs once per distinct length (in a crystal most edges share
/// their length with others: 1 388 edges of the seven golden structures have 118 distinct float32 lengths). Distinct
/// lengths and edges are processed in chunks, so that neither the weight table of a chunk of lengths nor the
/// per-edge weights of a chunk of edges (× <see cref="FullyConnectedTensorProduct.WeightCount"/>, 4 800 per edge in the
/// default model) exceed <see cref="MaxEdgeWeightValues"/> values.
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

    /// <summary>
    /// Most weight values per chunk (distinct lengths or edges per chunk × weights per edge); default 2²². At most
    /// twice this is held at once (a table and the rows taken from it).
    /// </summary>
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
        if (edges.Count > 0) AddMessages(nodes, edges, gateIn);
        var gateOut = gate.forward(gateIn);
        var output = gateOut.add(selfInteraction, TorchOps.One);
        return new InteractionTrace(selfInteraction.MoveToOuterDisposeScope(), gateIn.MoveToOuterDisposeScope(),
            gateOut.MoveToOuterDisposeScope(), output.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Sums the messages of all edges onto their destinations in <paramref name="gateIn"/>. The radial MLP runs once
    /// per distinct edge length (<see cref="RadialGroups"/>): a chunk of distinct lengths gets its weight table, and
    /// the edges of those lengths (contiguous in the grouped order) take their rows from it, in chunks of edges.
    /// </summary>
    private void AddMessages(Tensor nodes, EdgeInputs edges, Tensor gateIn)
    {
        using var scope = NewDisposeScope();
        var (fc0, fc2) = (_radialLayers[0], _radialLayers[1]);
        using var order = tensor(tp.GroupedWeightOrder.ToArray(), device: nodes.device);
        var w2 = fc2.weight!.index_select(0, order);
        var b2 = fc2.bias!.index_select(0, order);
        long chunk = Math.Max(1, MaxEdgeWeightValues / Math.Max(1, tp.WeightCount));
        var groups = edges.Groups;
        var offsets = groups.Offsets;
        int groupCount = offsets.Length - 1;
        for (int g0 = 0; g0 < groupCount;)
        {
            using var tableScope = NewDisposeScope();
            int g1 = (int)Math.Min(groupCount, g0 + chunk);
            var table = nn.functional.linear(nn.functional.silu(fc0.forward(groups.UniqueRadial.narrow(0, g0, g1 - g0))), w2, b2);
            using var first = tensor((long)g0, ScalarType.Int64, nodes.device);
            for (long start = offsets[g0]; start < offsets[g1]; start += chunk)
            {
                using var inner = NewDisposeScope();
                long len = Math.Min(chunk, offsets[g1] - start);
                var ids = groups.Order.narrow(0, start, len);
                var weights = table.index_select(0, groups.SortedGroup.narrow(0, start, len).sub(first));
                var source = nodes.index_select(0, edges.Source.index_select(0, ids));
                var messages = tp.ForwardGrouped(source, edges.Harmonics.index_select(0, ids), weights);
                gateIn.index_add_(0, edges.Destination.index_select(0, ids), messages, TorchOps.One);
            }
            g0 = g1;
        }
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
/// the spherical harmonics Y(edge vector) (E × 9), the radial basis (E × count) and the edges grouped by length.
/// </summary>
/// <param name="Source">Source atom of each edge (the reference's <c>edge_index[0]</c>).</param>
/// <param name="Destination">Destination atom of each edge (<c>edge_index[1]</c>); messages are summed there.</param>
/// <param name="Harmonics">Spherical harmonics of the edge vectors.</param>
/// <param name="Radial">Radial basis of the edge lengths.</param>
/// <param name="Groups">The edges grouped by distinct length (the radial MLP runs once per group).</param>
public sealed record EdgeInputs(Tensor Source, Tensor Destination, Tensor Harmonics, Tensor Radial, RadialGroups Groups)
{
    /// <summary>Number of edges.</summary>
    public long Count => Source.shape[0];
}

/// <summary>
/// Edges grouped by their distinct lengths: in a crystal many edges share a length (symmetric shells; every edge
/// and its reverse), and the radial basis and MLP depend on the length only. Group k holds the edges
/// <c>Order[Offsets[k] … Offsets[k+1] − 1]</c>, all of length k.
/// </summary>
/// <param name="UniqueRadial">Radial basis of each distinct length, U × count, lengths increasing.</param>
/// <param name="Order">The E edge indices grouped by length (stable: the edge order inside a group).</param>
/// <param name="SortedGroup">The group of each edge of <paramref name="Order"/> (non-decreasing).</param>
/// <param name="Offsets">U + 1 start offsets of the groups in <paramref name="Order"/>.</param>
public sealed record RadialGroups(Tensor UniqueRadial, Tensor Order, Tensor SortedGroup, long[] Offsets)
{
    /// <summary>Number of distinct lengths U.</summary>
    public int Count => Offsets.Length - 1;
}
