using System.Text.Json;

namespace EOSnet.TestSupport;

/// <summary>A golden checkpoint converted to JSON (<c>golden/model/*.weights.json</c>).</summary>
public sealed record GoldenModel(string Task, double Mean, double Std, IReadOnlyDictionary<string, float[]> StateDict, IReadOnlyDictionary<string, int[]> Shapes)
{
    /// <summary>Golden file names of the two shipped checkpoints.</summary>
    public const string Regression = "MP_Eform_regression", Classification = "MP_ALL_Band_Class_classification";

    /// <summary>Loads <c>golden/model/&lt;name&gt;.weights.json</c>.</summary>
    public static GoldenModel Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.Golden(Path.Combine("model", name + ".weights.json"))));
        var root = doc.RootElement;
        var dict = new Dictionary<string, float[]>();
        var shapes = new Dictionary<string, int[]>();
        foreach (var p in root.GetProperty("state_dict").EnumerateObject())
        {
            var values = new List<float>();
            var shape = new List<int>();
            Flatten(p.Value, values, shape, 0);
            dict[p.Name] = values.ToArray();
            shapes[p.Name] = shape.ToArray();
        }
        var norm = root.GetProperty("normalizer");
        return new GoldenModel(root.GetProperty("args").GetProperty("task").GetString()!, norm.GetProperty("mean").GetDouble(), norm.GetProperty("std").GetDouble(), dict, shapes);
    }

    private static void Flatten(JsonElement e, List<float> values, List<int> shape, int depth)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            if (shape.Count == depth) shape.Add(e.GetArrayLength());
            foreach (var x in e.EnumerateArray()) Flatten(x, values, shape, depth + 1);
        }
        else values.Add((float)e.GetDouble());
    }

    /// <summary>The predictions file of this checkpoint.</summary>
    public static JsonDocument Predictions(string name) =>
        JsonDocument.Parse(File.ReadAllBytes(SharedData.Golden(Path.Combine("model", name + ".predictions.json"))));
}

/// <summary>The network inputs of one golden structure as the reference used them.</summary>
public sealed record GoldenGraphInput(string Name, int[] AtomicNumbers, float[] Fingerprints, int[] NeighborIndices, double[] NeighborDistances)
{
    /// <summary>Atoms.</summary>
    public int AtomCount => AtomicNumbers.Length;

    /// <summary>Reads Z, <c>atom_fea_gom_part</c> (cast to float32), <c>nbr_indices</c>, <c>nbr_distances</c>.</summary>
    public static GoldenGraphInput Load(string name)
    {
        using var doc = SharedData.LoadGolden(name);
        var root = doc.RootElement;
        var outputs = root.GetProperty("outputs");
        return new GoldenGraphInput(name,
            root.GetProperty("input").GetProperty("atomic_numbers").ToInts(),
            outputs.GetProperty("atom_fea_gom_part").ToMatrix().SelectMany(r => r).Select(v => (float)v).ToArray(),
            outputs.GetProperty("nbr_indices").ToIntMatrix().SelectMany(r => r).ToArray(),
            outputs.GetProperty("nbr_distances").ToMatrix().SelectMany(r => r).ToArray());
    }
}
