using System.Globalization;

namespace EOSnet.Cli.Accuracy;

/// <summary>One prediction of a network on a fold's validation or test split.</summary>
/// <param name="Split"><c>validation</c> or <c>test</c>.</param>
/// <param name="Id">The structure's Matbench id.</param>
/// <param name="Target">Its label.</param>
/// <param name="Prediction">The network's prediction.</param>
public sealed record E3nnPrediction(string Split, string Id, double Target, double Prediction);

/// <summary>One run of the e3nn question: a network at the settings (seed included) it was trained with.</summary>
/// <param name="Settings">The run's settings.</param>
/// <param name="Variant">The network.</param>
public sealed record E3nnMember(E3nnQuestionSettings Settings, E3nnVariant Variant)
{
    /// <summary>The run's predictions file on a fold.</summary>
    public string PredictionsPath(int fold) => Settings.PredictionsPath(fold, Variant);

    /// <summary>The run's stored result on a fold, or null.</summary>
    public E3nnFoldResult? Result(int fold) => E3nnQuestion.ReadResult(Settings, fold, Variant);
}

/// <summary>A blend of runs of the e3nn question and its scores.</summary>
/// <param name="Label">How the table names it.</param>
/// <param name="Name">Its accuracy-record model name.</param>
/// <param name="Members">The runs whose predictions are averaged.</param>
/// <param name="Folds">The blend's scores per fold.</param>
public sealed record E3nnBlend(string Label, string Name, IReadOnlyList<E3nnMember> Members, List<E3nnBlendFold> Folds);

/// <summary>The score of the mean of several networks' predictions on one fold.</summary>
public sealed record E3nnBlendFold(int Fold, double ValidationMae, double? TestMae);

/// <summary>
/// Per-(fold, network) prediction files of the e3nn question (CSV: split, id, target, prediction), and the blend of
/// networks: the plain mean of their predictions, weights fixed in advance (nothing is fitted, on test or validation).
/// </summary>
public static class E3nnPredictions
{
    private const string Header = "split,id,target,prediction";

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/> (round-trip precision, invariant culture).</summary>
    public static void Write(string path, IEnumerable<E3nnPrediction> rows) => File.WriteAllLines(path, rows
        .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Split},{r.Id},{r.Target:R},{r.Prediction:R}")).Prepend(Header));

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    public static List<E3nnPrediction> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header) throw new InvalidDataException($"{path}: not a predictions file (header '{Header}' expected)");
        return lines.Skip(1).Select((line, k) => line.Split(',') is [var split, var id, var target, var prediction]
            ? new E3nnPrediction(split, id, double.Parse(target, CultureInfo.InvariantCulture), double.Parse(prediction, CultureInfo.InvariantCulture))
            : throw new InvalidDataException($"{path}, line {k + 2}: 4 fields expected")).ToList();
    }

    /// <summary>
    /// The mean of the predictions of <paramref name="members"/> on each of <paramref name="folds"/>, scored per split;
    /// null when a fold lacks a member's file. Refuses files whose rows or targets differ.
    /// </summary>
    public static List<E3nnBlendFold>? Blend(IEnumerable<int> folds, IReadOnlyList<E3nnMember> members)
    {
        if (members.Count < 2) throw new ArgumentException("a blend needs at least two members", nameof(members));
        var scores = new List<E3nnBlendFold>();
        foreach (int fold in folds)
        {
            var paths = members.Select(m => m.PredictionsPath(fold)).ToList();
            if (!paths.All(File.Exists)) return null;
            var first = Read(paths[0]);
            var sums = first.ToDictionary(r => (r.Split, r.Id), r => (r.Target, Sum: r.Prediction));
            foreach (string path in paths.Skip(1))
            {
                var rows = Read(path);
                if (rows.Count != first.Count) throw new InvalidDataException($"fold {fold}: {paths[0]} and {path} hold different rows");
                foreach (var r in rows)
                    sums[(r.Split, r.Id)] = sums.TryGetValue((r.Split, r.Id), out var o) && Math.Abs(o.Target - r.Target) <= 1e-9 * Math.Max(1, Math.Abs(r.Target))
                        ? (o.Target, o.Sum + r.Prediction)
                        : throw new InvalidDataException($"fold {fold}: {r.Split} row {r.Id} is not in {paths[0]} with the same target");
            }
            var errors = sums.ToLookup(x => x.Key.Split, x => Math.Abs(x.Value.Sum / paths.Count - x.Value.Target));
            if (!errors.Contains("validation")) throw new InvalidDataException($"fold {fold}: no validation rows in {paths[0]}");
            scores.Add(new E3nnBlendFold(fold, errors["validation"].Average(), errors.Contains("test") ? errors["test"].Average() : null));
        }
        return scores;
    }
}
