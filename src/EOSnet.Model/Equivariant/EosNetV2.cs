using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model.Equivariant;

/// <summary>
/// The authors' E(3)-equivariant network <c>EOSNetV2</c> (e3nn; eosnet-reference v2, golden/v2/README "Forward pass
/// as executed"): embedding <c>Linear → SiLU → Linear</c> of the atom features into <c>C0x0e</c>; per edge the
/// spherical harmonics Y(v) and the radial basis of |v|; <see cref="EosNetV2Config.Interactions"/>
/// <see cref="InteractionBlock"/>s; the mean over each structure's atoms of the scalar channels; then
/// <c>conv_to_fc → SiLU → fc_out</c> (regression, one output, no target normaliser). Parameter names equal the
/// reference's state-dict keys (<see cref="EosNetV2StateDict"/> loads them). Runs in the dtype of its parameters
/// (float32 by default; <c>to(float64)</c> for double precision).
/// </summary>
public sealed class EosNetV2 : nn.Module<EquivariantBatch, Tensor>
{
    private static readonly Scalar NormFloor = SphericalHarmonics.NormFloor.ToScalar();
#pragma warning disable IDE1006 // names are PyTorch state-dict keys
    private readonly Sequential embedding;
    private readonly ModuleList<InteractionBlock> convs;
    private readonly Linear conv_to_fc, fc_out;
#pragma warning restore IDE1006
    private double[] _centers;
    private double _width;

    /// <summary>Creates a freshly initialised network of shape <paramref name="config"/> (load weights with <see cref="EosNetV2StateDict"/>).</summary>
    public EosNetV2(EosNetV2Config config) : base(nameof(EosNetV2))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validate();
        var hidden = config.Hidden;
        int c0 = hidden.ScalarMultiplicity;
        var sh = Irreps.SphericalHarmonics(config.MaxDegree);
        embedding = nn.Sequential(("0", nn.Linear(config.AtomFeatureLength, c0)), ("1", nn.SiLU()), ("2", nn.Linear(c0, c0)));
        var blocks = new List<InteractionBlock>();
        var irrepsIn = new Irreps([new MulIrrep(c0, new Irrep(0, 1))]);
        for (int k = 0; k < config.Interactions; k++)
        {
            blocks.Add(new InteractionBlock(irrepsIn, hidden, sh, config.RadialBasisCount, config.RadialHidden));
            irrepsIn = hidden;
        }
        convs = nn.ModuleList(blocks.ToArray());
        conv_to_fc = nn.Linear(c0, config.HeadHidden);
        fc_out = nn.Linear(config.HeadHidden, 1);
        var basis = new RadialBasis(config.RadialBasisCount, config.RadialCutoff);
        _centers = basis.Centers.ToArray();
        _width = basis.Width;
        RegisterComponents();
    }

    /// <summary>The shape of this network.</summary>
    public EosNetV2Config Config { get; }

    /// <summary>The interaction blocks.</summary>
    public IReadOnlyList<InteractionBlock> Blocks => convs.ToList();

    /// <summary>Number of scalar channels C0 (embedding width, pooled feature length).</summary>
    public int ScalarChannels => Config.Hidden.ScalarMultiplicity;

    /// <summary>Number of parameters.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Radial basis centres in use (Å).</summary>
    public IReadOnlyList<double> RadialCenters => _centers;

    /// <summary>Radial basis width in use (Å⁻²).</summary>
    public double RadialWidth => _width;

    /// <summary>
    /// Replaces the radial basis constants, e.g. by the reference's float32 values (its <c>radial_basis.centers</c>
    /// buffer and width 1.7578123) to reproduce its <c>float32</c> and <c>float64</c> variants.
    /// </summary>
    /// <exception cref="ArgumentException">The number of centres differs from the config, or a value is not finite, or the width is not positive.</exception>
    public void SetRadialConstants(IReadOnlyList<double> centers, double width)
    {
        ArgumentNullException.ThrowIfNull(centers);
        if (centers.Count != Config.RadialBasisCount || centers.Any(c => !double.IsFinite(c))) throw new ArgumentException($"need {Config.RadialBasisCount} finite centres", nameof(centers));
        if (!(width > 0) || double.IsInfinity(width)) throw new ArgumentException("width must be positive and finite", nameof(width));
        _centers = centers.ToArray();
        _width = width;
    }

    /// <summary>B × 1 predictions (raw <c>fc_out</c> output).</summary>
    public override Tensor forward(EquivariantBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var h = embedding.forward(Input(batch.AtomFeatures));
        var edges = EdgeFeatures(batch);
        foreach (var block in convs) h = block.Forward(h, edges);
        var hidden = nn.functional.silu(conv_to_fc.forward(Pool(h, batch)));
        return fc_out.forward(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Every intermediate the reference's golden traces hold, named as there. The tensors belong to the caller's
    /// dispose scope (for tests and diagnostics).
    /// </summary>
    public EosNetV2Trace Trace(EquivariantBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var edges = EdgeFeatures(batch);
        var h = embedding.forward(Input(batch.AtomFeatures));
        var embedded = h;
        var blocks = new List<InteractionTrace>();
        foreach (var block in convs)
        {
            var t = block.Run(h, edges);
            blocks.Add(t);
            h = t.Out;
        }
        var pooled = Pool(h, batch);
        var convToFc = conv_to_fc.forward(pooled);
        var hidden = nn.functional.silu(convToFc);
        var output = fc_out.forward(hidden);
        foreach (var b in blocks)
            foreach (var t in new[] { b.SelfInteraction, b.GateIn, b.GateOut, b.Out }) t.MoveToOuterDisposeScope();
        return new EosNetV2Trace(edges.Harmonics.MoveToOuterDisposeScope(), edges.Radial.MoveToOuterDisposeScope(), embedded.MoveToOuterDisposeScope(),
            blocks, pooled.MoveToOuterDisposeScope(), convToFc.MoveToOuterDisposeScope(), hidden.MoveToOuterDisposeScope(), output.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The per-edge inputs of the blocks, in the parameters' dtype: Y(v) (E × 9, e3nn's component normalisation,
    /// <see cref="SphericalHarmonics"/>), the radial basis exp(−width·(|v| − c_k)²)·(1 − u²)³, u = min(|v|/cutoff, 1),
    /// and the edges grouped by distinct length (<see cref="RadialGroups"/>). The tensors belong to the caller's
    /// dispose scope. The grouping (<c>unique</c>) carries no gradient to the lengths: gradients reach the
    /// parameters, not the edge lengths (forces would need the per-edge radial path).
    /// </summary>
    public EdgeInputs EdgeFeatures(EquivariantBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var dtype = ParameterType;
        var device = batch.AtomFeatures.device;
        var v = batch.EdgeVectors.to(dtype);
        var length = v.mul(v).sum(1).sqrt();
        var unit = v.div(length.unsqueeze(1).clamp_min(NormFloor));
        var x = unit.narrow(1, 0, 1);
        var y = unit.narrow(1, 1, 1);
        var z = unit.narrow(1, 2, 1);
        long e = v.shape[0];
        var monomials = cat(new[] { ones(new long[] { e, 1 }, dtype, device), unit, x.mul(z), x.mul(y), y.mul(y), x.mul(x), z.mul(z), y.mul(z) }, 1);
        var coefficients = tensor(HarmonicCoefficients(), new long[] { 10, SphericalHarmonics.Count }, dtype, device);
        var harmonics = monomials.mm(coefficients);
        if (Config.MaxDegree < SphericalHarmonics.MaxDegree) harmonics = harmonics.narrow(1, 0, (Config.MaxDegree + 1) * (Config.MaxDegree + 1));

        var (unique, inverse, counts) = length.unique(sorted: true, return_inverse: true, return_counts: true);
        var uniqueRadial = RadialBasisOf(unique, dtype, device);
        var radial = uniqueRadial.index_select(0, inverse!);
        var (sortedGroup, order) = inverse!.sort(0, false, true);
        var offsets = new long[unique.shape[0] + 1];
        if (unique.shape[0] > 0)
        {
            using var countsCpu = counts!.cpu();
            var c = countsCpu.data<long>().ToArray();
            for (int k = 0; k < c.Length; k++) offsets[k + 1] = offsets[k] + c[k];
        }
        var groups = new RadialGroups(uniqueRadial.MoveToOuterDisposeScope(), order.MoveToOuterDisposeScope(), sortedGroup.MoveToOuterDisposeScope(), offsets);
        return new EdgeInputs(batch.EdgeSource, batch.EdgeDestination, harmonics.MoveToOuterDisposeScope(), radial.MoveToOuterDisposeScope(), groups);
    }

    /// <summary>exp(−width·(d − c_k)²)·(1 − u²)³, u = min(d/cutoff, 1), for lengths d (L) → L × count.</summary>
    private Tensor RadialBasisOf(Tensor length, ScalarType dtype, Device device)
    {
        var centers = tensor(_centers, new long[] { _centers.Length }, dtype, device);
        var negWidth = tensor(-_width, dtype, device);
        var invCutoff = tensor(1.0 / Config.RadialCutoff, dtype, device);
        var t = length.unsqueeze(1).sub(centers);
        var gauss = t.mul(t).mul(negWidth).exp();
        var u = length.mul(invCutoff).clamp_max(TorchOps.One);
        var s = u.mul(u).neg().add_(TorchOps.One, TorchOps.One);
        return gauss.mul(s.mul(s).mul(s).unsqueeze(1));
    }

    /// <summary>The dtype of the parameters (the compute dtype).</summary>
    public ScalarType ParameterType => fc_out.weight!.dtype;

    private Tensor Input(Tensor features) => features.dtype == ParameterType ? features.alias() : features.to(ParameterType);

    /// <summary>Mean over each structure's atoms of the scalar channels: B × C0.</summary>
    private Tensor Pool(Tensor h, EquivariantBatch batch)
    {
        int c0 = ScalarChannels;
        var counts = batch.AtomCounts.to(h.dtype);
        return zeros(new long[] { batch.CrystalCount, c0 }, h.dtype, h.device)
            .index_add_(0, batch.CrystalIndex, h.narrow(1, 0, c0), TorchOps.One)
            .div(counts.unsqueeze(1));
    }

    /// <summary>
    /// 10 × 9 map from the monomials [1, x, y, z, xz, xy, y², x², z², yz] of the unit vector to e3nn's
    /// [1, √3x, √3y, √3z, √15xz, √15xy, √5(y² − (x²+z²)/2), √15yz, (√15/2)(z² − x²)].
    /// </summary>
    private static double[] HarmonicCoefficients()
    {
        double s3 = Math.Sqrt(3), s5 = Math.Sqrt(5), s15 = Math.Sqrt(15);
        var c = new double[10, 9];
        c[0, 0] = 1;
        c[1, 1] = s3; c[2, 2] = s3; c[3, 3] = s3;
        c[4, 4] = s15;
        c[5, 5] = s15;
        c[6, 6] = s5; c[7, 6] = -s5 / 2; c[8, 6] = -s5 / 2;
        c[9, 7] = s15;
        c[8, 8] = s15 / 2; c[7, 8] = -s15 / 2;
        return c.Cast<double>().ToArray();
    }
}

/// <summary>The intermediates of <see cref="EosNetV2.Trace"/>, named after the reference's golden traces.</summary>
/// <param name="EdgeHarmonics"><c>edge_sh</c>, E × 9.</param>
/// <param name="EdgeRadial"><c>edge_radial</c>, E × count.</param>
/// <param name="Embedding"><c>node_afterembedding</c>, N × C0.</param>
/// <param name="Blocks"><c>blocks[k]</c>.</param>
/// <param name="Pooled"><c>pooled</c>, B × C0.</param>
/// <param name="ConvToFc"><c>conv_tofc_out</c>, B × hidden.</param>
/// <param name="Hidden"><c>hidden</c> = silu(conv_tofc_out).</param>
/// <param name="Output"><c>output</c> = prediction, B × 1.</param>
public sealed record EosNetV2Trace(Tensor EdgeHarmonics, Tensor EdgeRadial, Tensor Embedding, IReadOnlyList<InteractionTrace> Blocks,
    Tensor Pooled, Tensor ConvToFc, Tensor Hidden, Tensor Output);
