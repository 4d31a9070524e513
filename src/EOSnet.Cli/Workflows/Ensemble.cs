using System.Text.Json;
using EOSnet.Model;
using Microsoft.ML;

namespace EOSnet.Cli.Workflows;

/// <summary>
/// Deep ensembles: N models trained with different seeds, listed in <c>ensemble.json</c> beside <c>model.zip</c>;
/// the prediction is the members' mean and the uncertainty their standard deviation (sample, N − 1).
/// </summary>
public static class Ensemble
{
    /// <summary>File name of the member list.</summary>
    public const string ManifestName = "ensemble.json";

    /// <summary>Predictions of an ensemble.</summary>
    public sealed record Prediction(string[] Ids, double[] Labels, double[] Mean, double[] Spread);

    /// <summary>Writes the member list (file names relative to the folder).</summary>
    public static void WriteManifest(string directory, IReadOnlyList<string> members) =>
        File.WriteAllText(Path.Combine(directory, ManifestName), JsonSerializer.Serialize(new { members }));

    /// <summary>The member files of the ensemble that <paramref name="modelZip"/> belongs to (just itself without a manifest).</summary>
    public static IReadOnlyList<string> Members(string modelZip)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(modelZip))!;
        string manifest = Path.Combine(dir, ManifestName);
        if (!File.Exists(manifest)) return new[] { modelZip };
        using var doc = JsonDocument.Parse(File.ReadAllBytes(manifest));
        var files = doc.RootElement.GetProperty("members").EnumerateArray().Select(e => Path.Combine(dir, e.GetString()!)).ToList();
        return files.Any(f => Path.GetFullPath(f) == Path.GetFullPath(modelZip)) ? files : new[] { modelZip };
    }

    /// <summary>Scores <paramref name="input"/> with every member: mean and spread of the score (regression) or probability.</summary>
    public static Prediction Predict(MLContext ml, IReadOnlyList<ITransformer> members, IDataView input, ModelTask task)
    {
        string[] ids = Array.Empty<string>();
        double[] labels = Array.Empty<double>();
        var values = new List<double[]>();
        foreach (var m in members)
        {
            var (i, l, scores, probs) = EosNetWorkflow.Read(m.Transform(input), task);
            ids = i; labels = l;
            values.Add(probs ?? scores);
        }
        int n = ids.Length;
        var mean = new double[n];
        var spread = new double[n];
        for (int k = 0; k < n; k++)
        {
            double mu = values.Average(v => v[k]);
            mean[k] = mu;
            spread[k] = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v[k] - mu) * (v[k] - mu)) / (values.Count - 1)) : 0;
        }
        return new Prediction(ids, labels, mean, spread);
    }

    /// <summary>The scored view of one member.</summary>
    public static IDataView Scored(MLContext ml, ITransformer member, IDataView input) => member.Transform(input);
}
