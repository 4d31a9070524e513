using Onnx;
using static EOSnet.MLNet.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace EOSnet.MLNet.Onnx;

/// <summary>
/// Writes a trained EOSnet v1 network (evaluation mode, BatchNorm folded into scale and shift) as an ONNX model
/// (opset 17) that scores one crystal per run with a variable atom count.
/// <para>Inputs (named like the ML.NET columns): <c>AtomicNumbers</c> int32 [1, N]; <c>AtomFingerprints</c> float [1, N, F];
/// <c>NeighborIndices</c> int32 [1, N, M] (0-based, within the crystal); <c>NeighborDistances</c> double [1, N, M] (Å).</para>
/// <para>Outputs: <c>score</c> float [1, 1] (regression: the prediction in target units; classification: the logit
/// z₁ − z₀); classification also <c>probability</c> float [1, 1] = sigmoid(score).</para>
/// </summary>
public static class EosNetOnnxExporter
{
    /// <summary>Input name: atomic numbers.</summary>
    public const string AtomicNumbersInput = CrystalColumns.AtomicNumbers;
    /// <summary>Input name: fingerprints.</summary>
    public const string FingerprintsInput = CrystalColumns.AtomFingerprints;
    /// <summary>Input name: neighbour indices.</summary>
    public const string NeighborIndicesInput = CrystalColumns.NeighborIndices;
    /// <summary>Input name: neighbour distances.</summary>
    public const string NeighborDistancesInput = CrystalColumns.NeighborDistances;
    /// <summary>Output name: score.</summary>
    public const string ScoreOutput = "score";
    /// <summary>Output name: probability (classification).</summary>
    public const string ProbabilityOutput = "probability";

    private const int OneHotLength = 113;

    /// <summary>Builds the ONNX model bytes.</summary>
    public static byte[] Export(EosNetOnnxSpec spec) => ToBytes(BuildModel(spec));

    /// <summary>Writes the ONNX model to a stream.</summary>
    public static void Export(EosNetOnnxSpec spec, Stream destination)
    {
        var bytes = Export(spec);
        destination.Write(bytes, 0, bytes.Length);
    }

    internal static ModelProto BuildModel(EosNetOnnxSpec spec)
    {
        var g = new OnnxGraphBuilder();
        var w = new Weights(spec);
        int f = spec.FingerprintLength, m = spec.MaxNeighbors, a = spec.AtomEmbedding;
        g.Input(AtomicNumbersInput, DataType.Int32, new long[] { 1, -1 });
        g.Input(FingerprintsInput, DataType.Float, new long[] { 1, -1, f });
        g.Input(NeighborIndicesInput, DataType.Int32, new long[] { 1, -1, m });
        g.Input(NeighborDistancesInput, DataType.Double, new long[] { 1, -1, m });

        var axis0 = g.ConstInt64("axis0", new long[] { 0 }, 1);
        var axis1 = g.ConstInt64("axis1", new long[] { 1 }, 1);
        var axis2 = g.ConstInt64("axis2", new long[] { 2 }, 1);

        // Embedding: one-hot part as a row lookup of the weight's first 113 columns, fingerprint part as a MatMul.
        var embW = w.Matrix("embedding.weight", a, OneHotLength + f);
        var table = g.Const("embedding.onehot_table", Columns(embW, a, OneHotLength + f, 0, OneHotLength), OneHotLength, a);
        var fpW = g.Const("embedding.fp_weight", Columns(embW, a, OneHotLength + f, OneHotLength, f), f, a);
        var z = g.Node("Squeeze", new[] { AtomicNumbersInput, axis0 });
        var fp = g.Node("Squeeze", new[] { FingerprintsInput, axis0 });
        var x = g.Node("Add", new[] { g.Node("Gather", new[] { table, z }, Int("axis", 0)), g.Node("MatMul", new[] { fp, fpW }) });
        x = g.Node("Add", new[] { x, g.Const("embedding.bias", w.Vector("embedding.bias", a), a) });

        var idx = g.Node("Squeeze", new[] { NeighborIndicesInput, axis0 });
        var edges = EdgeFeatures(g, spec, g.Node("Squeeze", new[] { NeighborDistancesInput, axis0 }), axis2);

        for (int c = 0; c < spec.ConvLayers; c++) x = Convolution(g, w, spec, c, x, idx, edges, axis1);

        var pooled = g.Node("ReduceMean", new[] { x }, Ints("axes", 0), Int("keepdims", 1));
        var h = g.Node("Softplus", new[] { pooled });
        h = g.Node("Softplus", new[] { Linear(g, w, "conv_to_fc", h, a, spec.HiddenLength) });
        for (int k = 0; k < spec.HiddenLayers - 1; k++)
            h = g.Node("Softplus", new[] { Linear(g, w, $"fcs.{k}", h, spec.HiddenLength, spec.HiddenLength) });

        if (spec.Classification)
        {
            var logits = Linear(g, w, "fc_out", h, spec.HiddenLength, 2);
            var z0 = g.Node("Slice", new[] { logits, g.ConstInt64("s0", new long[] { 0 }, 1), g.ConstInt64("e0", new long[] { 1 }, 1), axis1 });
            var z1 = g.Node("Slice", new[] { logits, g.ConstInt64("s1", new long[] { 1 }, 1), g.ConstInt64("e1", new long[] { 2 }, 1), axis1 });
            var score = g.Rename(g.Node("Sub", new[] { z1, z0 }), ScoreOutput);
            g.Rename(g.Node("Sigmoid", new[] { score }), ProbabilityOutput);
            g.Output(ScoreOutput, DataType.Float, 1, 1);
            g.Output(ProbabilityOutput, DataType.Float, 1, 1);
        }
        else
        {
            var out1 = Linear(g, w, "fc_out", h, spec.HiddenLength, 1);
            var scaled = g.Node("Mul", new[] { out1, g.Const("target_std", new[] { (float)spec.TargetStd }, 1) });
            g.Rename(g.Node("Add", new[] { scaled, g.Const("target_mean", new[] { (float)spec.TargetMean }, 1) }), ScoreOutput);
            g.Output(ScoreOutput, DataType.Float, 1, 1);
        }
        return g.Build($"EOSnet v1 ({(spec.Classification ? "binary classification" : "regression")}), fingerprint length {f}, {m} neighbours, edges {(spec.L2EdgeNormalization ? "L2-normalised" : "raw")}");
    }

    private static string EdgeFeatures(OnnxGraphBuilder g, EosNetOnnxSpec spec, string distances, string axis2)
    {
        int k = spec.GaussianCentres.Length;
        var d = g.Node("Unsqueeze", new[] { distances, axis2 });
        var diff = g.Node("Sub", new[] { d, g.ConstDouble("gaussian_centres", spec.GaussianCentres, k) });
        var sq = g.Node("Mul", new[] { diff, diff });
        var e = g.Node("Exp", new[] { g.Node("Mul", new[] { sq, g.ConstDouble("neg_inv_w2", new[] { -1.0 / (spec.GaussianWidth * spec.GaussianWidth) }, 1) }) });
        if (spec.L2EdgeNormalization)
        {
            var small = g.Node("Less", new[] { e, g.ConstDouble("edge_zero_threshold", new[] { 1e-10 }, 1) });
            e = g.Node("Where", new[] { small, g.ConstDouble("zero_d", new[] { 0.0 }, 1), e });
            var norm = g.Node("ReduceL2", new[] { e }, Ints("axes", 2), Int("keepdims", 1));
            e = g.Node("Div", new[] { e, norm });
        }
        return g.Node("Cast", new[] { e }, Int("to", (long)DataType.Float));
    }

    private static string Convolution(OnnxGraphBuilder g, Weights w, EosNetOnnxSpec spec, int c, string x, string idx, string edges, string axis1)
    {
        int a = spec.AtomEmbedding;
        string p = $"convs.{c}";
        var nbr = g.Node("Gather", new[] { x, idx }, Int("axis", 0));                   // N × M × A
        var self = g.Node("Expand", new[] { g.Node("Unsqueeze", new[] { x, axis1 }), g.Node("Shape", new[] { nbr }) });
        var cat = g.Node("Concat", new[] { self, nbr, edges }, Int("axis", 2));        // N × M × (2A + E)
        var y = Linear(g, w, $"{p}.fc_full", cat, 2 * a + spec.GaussianCentres.Length, 2 * a);
        y = BatchNorm(g, w, spec, $"{p}.bn1", y, 2 * a);
        var filter = g.Node("Slice", new[] { y, g.ConstInt64($"{p}.fs", new long[] { 0 }, 1), g.ConstInt64($"{p}.fe", new long[] { a }, 1), g.ConstInt64($"{p}.ax", new long[] { 2 }, 1) });
        var core = g.Node("Slice", new[] { y, g.ConstInt64($"{p}.cs", new long[] { a }, 1), g.ConstInt64($"{p}.ce", new long[] { 2 * a }, 1), $"{p}.ax" });
        var msg = g.Node("Mul", new[] { g.Node("Sigmoid", new[] { filter }), g.Node("Softplus", new[] { core }) });
        var s = g.Node("ReduceSum", new[] { msg, axis1 }, Int("keepdims", 0));
        s = BatchNorm(g, w, spec, $"{p}.bn2", s, a);
        return g.Node("Softplus", new[] { g.Node("Add", new[] { x, s }) });
    }

    private static string Linear(OnnxGraphBuilder g, Weights w, string name, string input, int inputs, int outputs)
    {
        var weight = w.Matrix($"{name}.weight", outputs, inputs);
        var wt = g.Const($"{name}.weight_t", Columns(weight, outputs, inputs, 0, inputs), inputs, outputs);
        return g.Node("Add", new[] { g.Node("MatMul", new[] { input, wt }), g.Const($"{name}.bias", w.Vector($"{name}.bias", outputs), outputs) });
    }

    private static string BatchNorm(OnnxGraphBuilder g, Weights w, EosNetOnnxSpec spec, string name, string input, int n)
    {
        var gamma = w.Vector($"{name}.weight", n);
        var beta = w.Vector($"{name}.bias", n);
        var mean = w.Vector($"{name}.running_mean", n);
        var var = w.Vector($"{name}.running_var", n);
        var scale = new float[n];
        var shift = new float[n];
        for (int i = 0; i < n; i++)
        {
            double sc = gamma[i] / Math.Sqrt(var[i] + spec.BatchNormEpsilon);
            scale[i] = (float)sc;
            shift[i] = (float)(beta[i] - mean[i] * sc);
        }
        var y = g.Node("Mul", new[] { input, g.Const($"{name}.scale", scale, n) });
        return g.Node("Add", new[] { y, g.Const($"{name}.shift", shift, n) });
    }

    /// <summary>Columns [start, start + count) of a rows × cols row-major matrix, transposed to count × rows.</summary>
    private static float[] Columns(float[] m, int rows, int cols, int start, int count)
    {
        var t = new float[count * rows];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < count; k++)
                t[k * rows + r] = m[r * cols + start + k];
        return t;
    }

    private sealed class Weights
    {
        private readonly EosNetOnnxSpec _spec;
        public Weights(EosNetOnnxSpec spec) => _spec = spec;

        public float[] Vector(string name, int n) => Get(name, n);
        public float[] Matrix(string name, int rows, int cols) => Get(name, rows * cols);

        private float[] Get(string name, int n)
        {
            if (!_spec.StateDict.TryGetValue(name, out var v))
                throw new ArgumentException($"ONNX export: the state dictionary has no '{name}'");
            if (v.Length != n) throw new ArgumentException($"ONNX export: '{name}' has {v.Length} values, expected {n}");
            return v;
        }
    }
}
