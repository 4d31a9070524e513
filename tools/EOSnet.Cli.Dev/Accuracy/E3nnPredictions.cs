using System.Globalization;

namespace EOSnet.Cli.Accuracy;

/// <summary>One prediction of a network on a fold's validation or test split.</summary>
/// <param name="Split"><c>validation</c> or <c>test</c>.</param>
/// <param name="Id">The structure's Matbench id.</param>
/// <param name="Target">Its label.</param>
/// <param name="Prediction">The network's prediction.</param>
public sealed record E3nnPrediction(string Split, string Id, double Target, double Prediction);

/// <summary>A blend of two runs of the e3nn question and its scores.</summary>
/// <param name="Label">How the table names it.</param>
/// <param name="Name">Its accuracy-record model name.</param>
/// <param name="A">The first run's settings.</param>
/// <param name="Va">The first run's network.</param>
/// <param name="B">The second run's settings.</param>
/// <param name="Vb">The second run's network.</param>
/// <param name="Folds">The blend's scores per fold.</param>
public sealed record E3nnBlend(string Label, string Name, E3nnQuestionSettings A, E3nnVariant Va, E3nnQuestionSettings B, E3nnVariant Vb, List<E3nnBlendFold> Folds);

/// <summary>The score of the mean of two networks' predictions on one fold.</summary>
public sealed record E3nnBlendFold(int Fold, double ValidationMae, double? TestMae);

/// <summary>
/// Per-(fold, network) prediction files of the e3nn question (CSV: split, id, target, prediction), and the blend of two
/// networks: the plain mean of their predictions, a weight fixed in advance (nothing is fitted, on test or validation).
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
    /// The mean of two runs' predictions (the files <paramref name="a"/> and <paramref name="b"/> name for a fold) on each
    /// of <paramref name="folds"/>, scored per split; null when a fold lacks either file. Refuses files whose rows or targets differ.
    /// </summary>
    public static List<E3nnBlendFold>? Blend(IEnumerable<int> folds, Func<int, string> a, Func<int, string> b)
    {
        var scores = new List<E3nnBlendFold>();
        foreach (int fold in folds)
        {
            string pa = a(fold), pb = b(fold);
            if (!File.Exists(pa) || !File.Exists(pb)) return null;
            var first = Read(pa).ToDictionary(r => (r.Split, r.Id));
            var second = Read(pb);
            if (second.Count != first.Count) throw new InvalidDataException($"fold {fold}: {pa} and {pb} hold different rows");
            var errors = second.Select(r => first.TryGetValue((r.Split, r.Id), out var o) && Math.Abs(o.Target - r.Target) <= 1e-9 * Math.Max(1, Math.Abs(r.Target))
                    ? (r.Split, Error: Math.Abs((o.Prediction + r.Prediction) / 2 - r.Target))
                    : throw new InvalidDataException($"fold {fold}: {r.Split} row {r.Id} is not in {pa} with the same target"))
                .ToLookup(e => e.Split, e => e.Error);
            if (!errors.Contains("validation")) throw new InvalidDataException($"fold {fold}: no validation rows in {pa}");
            scores.Add(new E3nnBlendFold(fold, errors["validation"].Average(), errors.Contains("test") ? errors["test"].Average() : null));
        }
        return scores;
    }
}
