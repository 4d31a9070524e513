using EOSnet.Featurization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>
/// The EOSnet v1 network (eosnet-reference §7): embedding of one-hot(Z) ⊕ GOM fingerprint, gated graph
/// convolutions over the 12-neighbour graph with Gaussian-expanded distances (computed inside the model from the
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

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Regression: B × 1 output (standardised units); classification: B × 2 logits.</summary>
    public override Tensor forward(GraphBatch batch)
    {
        using var scope = NewDisposeScope();
        var x = Embed(batch);
        var edges = EdgeFeatures(batch.NeighborDistances);
        foreach (var conv in convs) x = conv.forward(x, batch.NeighborIndices, edges);
        var pooled = zeros(batch.CrystalCount, Architecture.AtomEmbedding, dtype: x.dtype, device: x.device)
            .index_add_(0, batch.CrystalIndex, x, TorchOps.One)
            .div(batch.AtomCounts.unsqueeze(1));
        var h = TorchOps.Softplus(conv_to_fc.forward(TorchOps.Softplus(pooled)));
        if (Architecture.Task == ModelTask.BinaryClassification) h = Dropout(h);
        foreach (var fc in fcs) h = TorchOps.Softplus(fc.forward(h));
        return fc_out.forward(h).MoveToOuterDisposeScope();
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
        var edges = EdgeFeatures(batch.NeighborDistances);
        for (int c = 0; c < convs.Count; c++)
        {
            x = convs[c].forward(x, batch.NeighborIndices, edges);
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

    /// <summary>e_k(d) = exp(−(d − μ_k)²/w²) in float64, optionally L2-normalised, cast to float32: N × M × E.</summary>
    public Tensor EdgeFeatures(Tensor distances)
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
        return e.to(float32);
    }
}
