using System.Globalization;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace EOSnet.Model.Equivariant;

/// <summary>One tensor of a PyTorch state dict: its shape and its values flattened row-major.</summary>
/// <param name="Shape">The shape (empty for a 0-dim tensor).</param>
/// <param name="Values">The values, row-major.</param>
public sealed record StateTensor(long[] Shape, double[] Values);

/// <summary>
/// Loads the reference's <c>EOSNetV2</c> state dict into an <see cref="EosNetV2"/> by parameter name. The reference's
/// buffers that hold no trainable state are recognised and skipped: <c>radial_basis.centers</c>, every
/// <c>output_mask</c>, the zero-size placeholders <c>convs.k.tp.weight</c>, <c>convs.k.gate.mul.weight</c> and
/// <c>convs.k.self_interaction.bias</c>, and the Wigner-3j buffers <c>convs.k.tp._compiled_main_left_right._w3j_a_b_c</c>.
/// With <c>useStoredConstants</c> those centres and 3j tables (float32 values) replace the network's exact ones,
/// and the width becomes the reference's float32 value, as the reference computes with them.
/// </summary>
public static partial class EosNetV2StateDict
{
    /// <summary>The reference's float32 radial width 1/(2Δ²) for 16 centres over 8 Å (1.7578123 as float32).</summary>
    public const double ReferenceFloat32Width = 1.757812261581421;

    /// <summary>Copies every parameter of <paramref name="network"/> from <paramref name="stateDict"/>.</summary>
    /// <param name="network">The network, of the shape the state dict was saved from.</param>
    /// <param name="stateDict">Tensors by PyTorch name.</param>
    /// <param name="useStoredConstants">
    /// Also use the stored float32 constants (3j tables, radial centres) and the float32 width (reproduces the
    /// reference's <c>float32</c> and <c>float64</c> variants); false keeps the exact constants (its
    /// <c>float64_exactconst</c> variant).
    /// </param>
    /// <exception cref="InvalidDataException">A parameter is missing or has another shape, or an entry is not one the reference writes.</exception>
    public static void Load(EosNetV2 network, IReadOnlyDictionary<string, StateTensor> stateDict, bool useStoredConstants = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stateDict);
        var own = network.state_dict();
        foreach (var name in stateDict.Keys)
            if (!own.ContainsKey(name) && !IsReferenceOnly(name))
                throw new InvalidDataException($"the state dict holds '{name}', which this network does not have");
        using (no_grad())
        using (NewDisposeScope())
        {
            foreach (var (name, target) in own)
            {
                if (!stateDict.TryGetValue(name, out var source)) throw new InvalidDataException($"the state dict lacks '{name}'");
                if (!source.Shape.SequenceEqual(target.shape) || source.Values.Length != target.numel())
                    throw new InvalidDataException($"'{name}' has shape ({string.Join(", ", source.Shape)}) with {source.Values.Length} values; the network needs ({string.Join(", ", target.shape)})");
                using var values = tensor(source.Values, target.shape, target.dtype, target.device);
                target.copy_(values);
            }
        }
        if (!useStoredConstants) return;
        if (stateDict.TryGetValue("radial_basis.centers", out var centers))
            network.SetRadialConstants(centers.Values, Float32Width(centers.Values));
        for (int k = 0; k < network.Blocks.Count; k++)
        {
            var tp = network.Blocks[k].TensorProduct;
            var tables = new Dictionary<(int, int, int), double[,,]>();
            foreach (var (l1, l2, l3) in tp.TabulatedTriples)
            {
                string name = FormattableString.Invariant($"convs.{k}.tp._compiled_main_left_right._w3j_{l1}_{l2}_{l3}");
                if (!stateDict.TryGetValue(name, out var table)) throw new InvalidDataException($"the state dict lacks '{name}'");
                tables[(l1, l2, l3)] = Table(name, table, 2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1);
            }
            tp.SetCouplingTables(tables);
        }
    }

    /// <summary>Whether <paramref name="name"/> is a reference buffer that holds no trainable state (skipped on load).</summary>
    public static bool IsReferenceOnly(string name) => ReferenceOnly().IsMatch(name);

    /// <summary>
    /// The width 1/(2Δ²) computed in float32 from float32 centres (Δ = c₁ − c₀), as the reference's float32 build
    /// does; <see cref="ReferenceFloat32Width"/> for its 16 centres over 8 Å.
    /// </summary>
    public static double Float32Width(IReadOnlyList<double> centers)
    {
        ArgumentNullException.ThrowIfNull(centers);
        float delta = (float)centers[1] - (float)centers[0];
        float width = 1f / (2f * delta * delta);
        return width;
    }

    private static double[,,] Table(string name, StateTensor t, int a, int b, int c)
    {
        if (!t.Shape.SequenceEqual(new long[] { a, b, c }) || t.Values.Length != a * b * c)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{name}' must be {a} × {b} × {c}"));
        var r = new double[a, b, c];
        for (int i = 0; i < a; i++)
            for (int j = 0; j < b; j++)
                for (int k = 0; k < c; k++) r[i, j, k] = t.Values[(i * b + j) * c + k];
        return r;
    }

    [GeneratedRegex(@"^(radial_basis\.centers|.*\.output_mask|convs\.\d+\.(tp\.weight|gate\.mul\.weight|self_interaction\.bias|tp\._compiled_main_left_right\._w3j_\d+_\d+_\d+))$")]
    private static partial Regex ReferenceOnly();
}
