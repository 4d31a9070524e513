using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model.Equivariant;

/// <summary>
/// e3nn's <c>o3.Linear</c> without bias: an equivariant linear map between two <see cref="Irreps"/>. For each
/// instruction (i_in, i_out) whose terms carry the same irrep, in the order i_in then i_out,
/// <c>out[i_out][w, m] += α Σ_u W[u, w] · x[i_in][u, m]</c> with <c>W = weight[o : o + μ_in·μ_out]</c> reshaped
/// μ_in × μ_out (row-major) and <c>α = 1/√fan_in</c>, fan_in the summed μ_in of the instructions that write i_out.
/// Output terms no instruction writes are zero. The single parameter is the flat <c>weight</c> (state-dict name).
/// </summary>
public sealed class EquivariantLinear : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // the PyTorch state-dict name
    private readonly TorchSharp.Modules.Parameter weight;
#pragma warning restore IDE1006
    private readonly long[] _positions; // flat index row·dim_out + col of each non-zero of the dense map
    private readonly long[] _weightIndex; // weight entry of each non-zero
    private readonly double[] _alpha; // path weight of each non-zero

    /// <summary>Creates the layer with standard-normal weights (e3nn's initialisation).</summary>
    public EquivariantLinear(Irreps irrepsIn, Irreps irrepsOut) : base("Linear")
    {
        IrrepsIn = irrepsIn ?? throw new ArgumentNullException(nameof(irrepsIn));
        IrrepsOut = irrepsOut ?? throw new ArgumentNullException(nameof(irrepsOut));
        var instructions = new List<LinearInstruction>();
        int offset = 0;
        for (int i = 0; i < irrepsIn.Count; i++)
            for (int o = 0; o < irrepsOut.Count; o++)
                if (irrepsIn[i].Irrep == irrepsOut[o].Irrep)
                {
                    int count = irrepsIn[i].Multiplicity * irrepsOut[o].Multiplicity;
                    instructions.Add(new LinearInstruction(i, o, irrepsIn[i].Multiplicity, irrepsOut[o].Multiplicity, 0, offset));
                    offset += count;
                }
        var fanIn = new int[irrepsOut.Count];
        foreach (var ins in instructions) fanIn[ins.OutputTerm] += ins.InputMultiplicity;
        Instructions = instructions.Select(ins => ins with { PathWeight = 1 / Math.Sqrt(fanIn[ins.OutputTerm]) }).ToList();
        WeightCount = offset;

        var positions = new List<long>();
        var weightIndex = new List<long>();
        var alpha = new List<double>();
        foreach (var ins in Instructions)
        {
            int d = irrepsIn[ins.InputTerm].Irrep.Dimension;
            int rowBase = irrepsIn.Offset(ins.InputTerm), colBase = irrepsOut.Offset(ins.OutputTerm);
            for (int u = 0; u < ins.InputMultiplicity; u++)
                for (int w = 0; w < ins.OutputMultiplicity; w++)
                    for (int m = 0; m < d; m++)
                    {
                        positions.Add((long)(rowBase + u * d + m) * irrepsOut.Dimension + colBase + w * d + m);
                        weightIndex.Add(ins.WeightOffset + u * ins.OutputMultiplicity + w);
                        alpha.Add(ins.PathWeight);
                    }
        }
        _positions = positions.ToArray();
        _weightIndex = weightIndex.ToArray();
        _alpha = alpha.ToArray();
        weight = nn.Parameter(randn(WeightCount));
        RegisterComponents();
    }

    /// <summary>Input irreps.</summary>
    public Irreps IrrepsIn { get; }
    /// <summary>Output irreps.</summary>
    public Irreps IrrepsOut { get; }
    /// <summary>The instructions, in weight order.</summary>
    public IReadOnlyList<LinearInstruction> Instructions { get; }
    /// <summary>Number of weights.</summary>
    public int WeightCount { get; }

    /// <summary>The flat weight parameter (state-dict name <c>weight</c>).</summary>
    public TorchSharp.Modules.Parameter Weight => weight;

    /// <summary>The layer as a dense dim_in × dim_out matrix (α folded in), in the weight's dtype and device.</summary>
    public Tensor DenseMatrix()
    {
        using var scope = NewDisposeScope();
        var positions = tensor(_positions, device: weight.device);
        var index = tensor(_weightIndex, device: weight.device);
        var alpha = tensor(_alpha, new long[] { _alpha.Length }, weight.dtype, weight.device);
        var values = weight.index_select(0, index).mul(alpha);
        return zeros(new long[] { (long)IrrepsIn.Dimension * IrrepsOut.Dimension }, weight.dtype, weight.device)
            .index_add(0, positions, values, TorchOps.One)
            .view(IrrepsIn.Dimension, IrrepsOut.Dimension)
            .MoveToOuterDisposeScope();
    }

    /// <summary>N × dim_in → N × dim_out.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return input.mm(DenseMatrix()).MoveToOuterDisposeScope();
    }
}

/// <summary>One path of <see cref="EquivariantLinear"/>.</summary>
/// <param name="InputTerm">Index of the input term.</param>
/// <param name="OutputTerm">Index of the output term (same irrep).</param>
/// <param name="InputMultiplicity">μ_in.</param>
/// <param name="OutputMultiplicity">μ_out.</param>
/// <param name="PathWeight">α = 1/√fan_in.</param>
/// <param name="WeightOffset">First weight of the μ_in × μ_out block.</param>
public sealed record LinearInstruction(int InputTerm, int OutputTerm, int InputMultiplicity, int OutputMultiplicity, double PathWeight, int WeightOffset);
