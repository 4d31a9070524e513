using EOSnet.Featurization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>
/// The EOSnet v1 network (eosnet-reference §7): embedding of one-hot(Z) ⊕ GOM fingerprint, gated graph
/// convolutions over the M-neighbour graph with Gaussian-expanded distances (computed inside the model from the
/// float64 distances), mean pooling per crystal, softplus → Linear → softplus head, output layer. Module field names
/// equal the reference's state-dict keys, so its weights load by name.
/// </summary>
public sealed class EosNetNetwork : nn.Module<GraphBatch, Tensor>
{
#pragma warning disable IDE1006 // names are PyTorch state-dict keys
    private readonly Linear embedding;
    private readonly ModuleList<AtomConvLayer> convs;
    private readonly Linear conv_to_fc;
    private readonly ModuleList<Linear> fcs;
    private readonly Linear fc_out;
    private readonly Dropout dropout;
#pragma warning restore IDE1006
    private readonly double[] _centres;
    private static readonly Scalar TinyOverlap = 1e-10.ToScalar(), TinyNorm = 1e-300.ToScalar();
    private readonly Scalar _negInvWidth2; // kept for the module's lifetime (see TorchOps)
    private readonly Scalar _dropoutScale;
    private readonly EdgeBasis? _edgeBasis;

    /// <summary>Creates a freshly initialised network (PyTorch default initialisation; seed with torch.manual_seed).</summary>
    public EosNetNetwork(EosNetArchitecture architecture) : base(nameof(EosNetNetwork))
    {
        Architecture = architecture.Validate();
        var gd = architecture.Gaussian();
        _centres = gd.Centres;
        _negInvWidth2 = (-1.0 / (architecture.GaussianWidth * architecture.GaussianWidth)).ToScalar();
        embedding = nn.Linear(architecture.AtomFeatureLength, architecture.AtomEmbedding);
        convs = nn.ModuleList(Enumerable.Range(0, architecture.ConvLayers).Select(_ => new AtomConvLayer(architecture.AtomEmbedding, _centres.Length)).ToArray());
        conv_to_fc = nn.Linear(architecture.AtomEmbedding, architecture.HiddenLength);
        fcs = nn.ModuleList(Enumerable.Range(0, architecture.HiddenLayers - 1).Select(_ => nn.Linear(architecture.HiddenLength, architecture.HiddenLength)).ToArray());
        fc_out = nn.Linear(architecture.HiddenLength, architecture.Task == ModelTask.Regression ? 1 : 2);
        dropout = nn.Dropout(architecture.Dropout);
        _dropoutScale = (1.0 / (1.0 - architecture.Dropout)).ToScalar();
        // Distances beyond the last centre + 6 widths have expansions below e^-36: the basis need not sample them.
        _edgeBasis = EdgeBasis.Create(ExpandFloat64, architecture.GaussianMax + 6 * architecture.GaussianWidth);
        RegisterComponents();
    }

    /// <summary>The shape of this network.</summary>
    public EosNetArchitecture Architecture { get; }

    /// <summary>
    /// Random stream of the training-mode dropout masks (classification): the trainer gives each run its own, so
    /// trainings in parallel threads do not share libtorch's process-wide generator. Null: the process-wide one.
    /// </summary>
    public Generator? DropoutGenerator { get; set; }

    /// <summary>Number of edge features (Gaussian centres).</summary>
    public int EdgeLength => _centres.Length;

    /// <summary>
    /// True (default): the convolutions' edge products go through <see cref="EdgeBasis"/> (r coefficients per edge
    /// instead of E Gaussians; the same values to below float32 rounding). False: the full E-wide products, as the
    /// reference computes them (for tests and diagnostics).
    /// </summary>
    public bool FactorizedEdges { get; set; } = true;

    /// <summary>The basis of this network's edge expansions (null when factorising would save too little).</summary>
    public EdgeBasis? EdgeBasis => _edgeBasis;

    /// <summary>Coefficients per edge the convolutions see: the basis rank r when factorised, else E.</summary>
    public int EdgeInputLength => FactorizedEdges && _edgeBasis is { } b ? b.Rank : _centres.Length;

    /// <summary>Number of parameters (trainable or frozen).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Whether <see cref="FreezeConvolutions"/> was called.</summary>
    public bool ConvolutionsFrozen { get; private set; }

    /// <summary>
    /// Freezes the atom embedding and the graph convolutions (transfer learning: only the head after pooling
    /// trains): their parameters stop requiring gradients and, in training mode, their batch normalisations keep
    /// using (and no longer update) their running statistics.
    /// </summary>
    public void FreezeConvolutions()
    {
        foreach (var p in embedding.parameters().Concat(convs.parameters())) p.requires_grad = false;
        ConvolutionsFrozen = true;
        if (training) train();
    }

    /// <summary>The parameters an optimiser should update (all but the frozen ones).</summary>
    public IReadOnlyList<Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad).ToList();

    /// <summary>Training or evaluation mode; frozen layers (<see cref="FreezeConvolutions"/>) always stay in evaluation mode.</summary>
    /// <param name="on">True for training mode.</param>
    public override void train(bool on = true)
    {
        base.train(on);
        if (on && ConvolutionsFrozen)
        {
            embedding.eval();
            convs.eval();
        }
    }

    /// <summary>Regression: B × 1 output (standardised units); classification: B × 2 logits.</summary>
    public override Tensor forward(GraphBatch batch)
    {
        using var scope = NewDisposeScope();
        var x = Embed(batch);
        var (edges, basis) = EdgeInputs(batch.NeighborDistances);
        foreach (var conv in convs) x = conv.Forward(x, batch.NeighborIndices, edges, basis);
        var pooled = zeros(batch.CrystalCount, Architecture.AtomEmbedding, dtype: x.dtype, device: x.device)
            .index_add_(0, batch.CrystalIndex, x, TorchOps.One)
            .div(batch.AtomCounts.unsqueeze(1));
        var h = TorchOps.Softplus(conv_to_fc.forward(TorchOps.Softplus(pooled)));
        if (Architecture.Task == ModelTask.BinaryClassification) h = Dropout(h);
        foreach (var fc in fcs) h = TorchOps.Softplus(fc.forward(h));
        return fc_out.forward(h).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _edgeBasis?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Inverted dropout (as nn.Dropout): keep with probability 1 − p, scale the kept values by 1/(1 − p).</summary>
    private Tensor Dropout(Tensor h)
    {
        if (!training || Architecture.Dropout == 0) return h;
        if (DropoutGenerator is null) return dropout.forward(h);
        using var scope = NewDisposeScope();
        var keep = empty_like(h).bernoulli_(1.0 - Architecture.Dropout, DropoutGenerator);
        return h.mul(keep).mul_(_dropoutScale).MoveToOuterDisposeScope();
    }

    /// <summary>Per-layer values for tests: embedding, each convolution, pooled mean, hidden, output.</summary>
    public IReadOnlyList<(string Name, Tensor Value)> Trace(GraphBatch batch)
    {
        var trace = new List<(string, Tensor)>();
        var x = Embed(batch);
        trace.Add(("after_embedding", x));
        var (edges, basis) = EdgeInputs(batch.NeighborDistances);
        for (int c = 0; c < convs.Count; c++)
        {
            x = convs[c].Forward(x, batch.NeighborIndices, edges, basis);
            trace.Add(($"after_conv{c}", x));
        }
        var pooled = zeros(batch.CrystalCount, Architecture.AtomEmbedding).index_add_(0, batch.CrystalIndex, x, TorchOps.One).div(batch.AtomCounts.unsqueeze(1));
        trace.Add(("pooled_mean", pooled));
        var h = TorchOps.Softplus(conv_to_fc.forward(TorchOps.Softplus(pooled)));
        trace.Add(("after_conv_to_fc_softplus", h));
        foreach (var fc in fcs) h = TorchOps.Softplus(fc.forward(h));
        trace.Add(("fc_out_raw", fc_out.forward(h)));
        return trace;
    }

    private Tensor Embed(GraphBatch batch)
    {
        var onehot = nn.functional.one_hot(batch.AtomicNumbers, EosNetArchitecture.OneHotLength).to(float32);
        var features = Architecture.FingerprintLength > 0 ? cat(new[] { onehot, batch.Fingerprints }, 1) : onehot;
        return embedding.forward(features);
    }

    /// <summary>
    /// What the convolutions take for the edges: the expansions (N × M × E) and no basis, or, when factorised, their
    /// coefficients Vᵀ·e (N × M × r, one product per batch shared by every layer) and the basis V.
    /// </summary>
    private (Tensor Edges, Tensor? Basis) EdgeInputs(Tensor distances)
    {
        var edges = EdgeFeatures(distances);
        if (!FactorizedEdges || _edgeBasis is null) return (edges, null);
        var basis = _edgeBasis.On(edges.device);
        long n = edges.shape[0], m = edges.shape[1];
        return (edges.view(n * m, _centres.Length).mm(basis).view(n, m, basis.shape[1]), basis);
    }

    /// <summary>e_k(d) = exp(−(d − μ_k)²/w²) in float64, optionally L2-normalised, cast to float32: N × M × E.</summary>
    public Tensor EdgeFeatures(Tensor distances) => ExpandFloat64(distances).to(float32);

    /// <summary>The expansion of <see cref="EdgeFeatures"/> before the cast: distances (any shape) → shape × E, float64.</summary>
    private Tensor ExpandFloat64(Tensor distances)
    {
        using var centres = tensor(_centres, new long[] { _centres.Length }, float64).to(distances.device);
        // In place after the first subtraction: the same values without three more N × M × E float64 buffers.
        var e = distances.unsqueeze(-1).sub(centres);
        e.mul_(e).mul_(_negInvWidth2).exp_();
        if (Architecture.EdgeNormalization == EdgeNormalization.L2)
        {
            e = e.masked_fill(e.lt(TinyOverlap), TorchOps.Zero);
            e = e.div(e.norm(-1, true).clamp_min(TinyNorm));
        }
        return e;
    }
}
