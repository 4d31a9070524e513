using System.Globalization;
using EOSnet.Model;
using EOSnet.Model.Equivariant;

namespace EOSnet.Cli.Accuracy;

/// <summary>The paired table and the accuracy records of the e3nn question.</summary>
public static class E3nnQuestionReport
{
    /// <summary>
    /// Accuracy-record model name of a network at a budget. A v2 shape other than the Small one at the records' cutoff
    /// (<see cref="E3nnQuestionSettings.RecordCutoff"/>) is part of the name (irreps, blocks, cutoff), so records of
    /// different shapes never replace each other.
    /// </summary>
    public static string ModelName(E3nnQuestionSettings s, E3nnVariant v)
    {
        string recipe = s.V2Recipe == E3nnV2Recipe.CosineAverage ? "-cosavg" : "";
        string loss = s.Loss == RegressionLoss.SquaredError ? "" : "-" + RegressionLossFunction.Name(s.Loss);
        string seed = s.NetworkSeed == E3nnQuestionSettings.Seed ? "" : FormattableString.Invariant($"-seed{s.NetworkSeed}");
        return v switch
        {
            E3nnVariant.V1 => FormattableString.Invariant($"eosnet-v1{loss}-cpu{s.BudgetCpuSeconds}s{seed}"),
            E3nnVariant.V2Gom => FormattableString.Invariant($"eosnet-e3nn-gom{V2Shape(s)}{recipe}{loss}-cpu{s.BudgetCpuSeconds}s{seed}"),
            _ => FormattableString.Invariant($"eosnet-e3nn-onehot{V2Shape(s)}{recipe}{loss}-cpu{s.BudgetCpuSeconds}s{seed}"),
        };
    }

    /// <summary>The v2 shape's part of a record name: empty for the Small shape at the records' cutoff.</summary>
    private static string V2Shape(E3nnQuestionSettings s)
    {
        var small = EosNetV2Config.Small;
        string irreps = s.V2Irreps == small.HiddenIrreps ? "" : "-" + s.V2Irreps.Replace('+', '-');
        string blocks = s.V2Interactions == small.Interactions ? "" : FormattableString.Invariant($"-b{s.V2Interactions}");
        string cutoff = s.Cutoff == E3nnQuestionSettings.RecordCutoff ? "" : FormattableString.Invariant($"-c{s.Cutoff}");
        return irreps + blocks + cutoff;
    }

    /// <summary>
    /// The blends that <paramref name="s"/> has predictions for on every fold: v1 with each v2 network of the same seed;
    /// with <paramref name="otherSeeds"/>, also each network with its own runs at those seeds (the control: members of
    /// one network at the same total budget) and, when v1 is there, v1 with each v2 network at all those seeds.
    /// </summary>
    public static IEnumerable<E3nnBlend> Blends(E3nnQuestionSettings s, IReadOnlyList<int> otherSeeds)
    {
        static string Short(string name) => name["eosnet-".Length..];
        var all = otherSeeds.Where(m => m != s.NetworkSeed).Distinct().Select(m => s with { NetworkSeed = m }).Prepend(s).ToList();
        string seeds = "-seeds" + string.Join("-", all.Select(x => x.NetworkSeed.ToString(CultureInfo.InvariantCulture)));
        string label = "seeds " + string.Join("+", all.Select(x => x.NetworkSeed.ToString(CultureInfo.InvariantCulture)));
        var candidates = new List<(string Label, string Name, E3nnMember[] Members)>();
        bool v1 = s.Variants.Contains(E3nnVariant.V1);
        foreach (var v2 in s.Variants.Where(v => v != E3nnVariant.V1 && v1))
            candidates.Add(($"V1+{v2}", "eosnet-blend-v1-" + Short(ModelName(s, v2)), [new(s, E3nnVariant.V1), new(s, v2)]));
        if (all.Count > 1)
        {
            foreach (var v in s.Variants)
                candidates.Add(($"{v} {label}", $"eosnet-blend-{Short(ModelName(s, v))}{seeds}", all.Select(x => new E3nnMember(x, v)).ToArray()));
            foreach (var v2 in s.Variants.Where(v => v != E3nnVariant.V1 && v1))
                candidates.Add(($"V1+{v2} {label}", $"eosnet-blend-v1-{Short(ModelName(s, v2))}{seeds}",
                    all.Select(x => new E3nnMember(x, E3nnVariant.V1)).Concat(all.Select(x => new E3nnMember(x, v2))).ToArray()));
        }
        foreach (var c in candidates)
            if (E3nnPredictions.Blend(s.Folds, c.Members) is { } folds)
                yield return new E3nnBlend(c.Label, c.Name, c.Members, folds);
    }

    /// <summary>Per blend, its test MAE per fold and how often it beats its best member on that fold.</summary>
    public static IEnumerable<string> BlendTable(IEnumerable<E3nnBlend> blends)
    {
        foreach (var b in blends)
        {
            var scored = b.Folds.Where(f => f.TestMae is not null).ToList();
            if (scored.Count == 0) continue;
            int beatsBest = scored.Count(f => b.Members.All(m => f.TestMae < m.Result(f.Fold)?.TestMae));
            yield return FormattableString.Invariant($"{b.Label} (mean of {b.Members.Count} members' predictions, {b.Members.Count}× the budget) test MAE per fold: {string.Join(", ", scored.Select(f => f.TestMae!.Value.ToString("F4", CultureInfo.InvariantCulture)))}; mean {scored.Average(f => f.TestMae!.Value):F4}; better than each member on {beatsBest} of {scored.Count}");
        }
    }

    /// <summary>One line per fold: each network's test (or validation) MAE and epochs, then the paired differences against v1.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<E3nnFoldResult> results)
    {
        var names = results.Select(r => r.Variant).Distinct().ToList();
        yield return "fold | " + string.Join(" | ", names.Select(n => $"{n}: test MAE (validation), epochs, CPU s"));
        foreach (var fold in results.GroupBy(r => r.Fold).OrderBy(x => x.Key))
            yield return $"{fold.Key} | " + string.Join(" | ", names.Select(n => fold.FirstOrDefault(r => r.Variant == n) is { } r
                ? FormattableString.Invariant($"{(r.TestMae is { } t ? t.ToString("F4", CultureInfo.InvariantCulture) : "–")} ({r.ValidationMae:F4}), {r.Epochs}, {r.CpuSeconds:F0}")
                : "–"));
        foreach (var other in names.Where(n => n != nameof(E3nnVariant.V1)))
        {
            var pairs = results.Where(r => r.Variant == nameof(E3nnVariant.V1) && r.TestMae is not null)
                .Select(a => (a, b: results.FirstOrDefault(b => b.Variant == other && b.Fold == a.Fold && b.TestMae is not null)))
                .Where(p => p.b is not null).Select(p => p.b!.TestMae!.Value - p.a.TestMae!.Value).ToList();
            if (pairs.Count > 0)
                yield return FormattableString.Invariant($"{other} − V1 test MAE per fold: {string.Join(", ", pairs.Select(d => d.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture)))}; mean {pairs.Average():+0.0000;-0.0000}; {other} better on {pairs.Count(d => d < 0)} of {pairs.Count}");
        }
    }

    /// <summary>
    /// One record per network over the folds of <paramref name="s"/> (all must have test scores), and one per blend of
    /// <paramref name="blends"/>.
    /// </summary>
    public static IEnumerable<AccuracyRecord> Records(E3nnQuestionSettings s, IReadOnlyList<E3nnFoldResult> results, IEnumerable<E3nnBlend> blends, string command, string? note)
    {
        string task = Path.GetFileName(s.Dataset).Replace(".json.gz", "", StringComparison.Ordinal);
        string date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var v in s.Variants)
        {
            var rows = s.Folds.Select(f => results.Single(r => r.Fold == f && r.Variant == v.ToString())).ToList();
            if (rows.Any(r => r.TestMae is null)) throw new InvalidOperationException($"{v}: a fold has no test score");
            var maes = rows.Select(r => Math.Round(r.TestMae!.Value, 5)).ToArray();
            double mean = maes.Average(), std = Math.Sqrt(maes.Sum(m => (m - mean) * (m - mean)) / maes.Length);
            string shape = v == E3nnVariant.V1 ? "v1 (paper architecture), cosine-average recipe (batch 64, cosine, weight average 0.99, best validation epoch)"
                : FormattableString.Invariant($"v2 (e3nn) {s.V2Irreps}, {s.V2Interactions} blocks, cutoff {s.Cutoff} Å, {(v == E3nnVariant.V2Gom ? "one-hot(Z) ⊕ GOM" : "one-hot(Z) only")}, Adam lr 1e-3 batch 32 clip 1.0, {(s.V2Recipe == E3nnV2Recipe.CosineAverage ? "cosine-average recipe (warm-up, cosine, weight average 0.99, best validation epoch)" : "constant learning rate, last epoch")}");
            if (s.Loss != RegressionLoss.SquaredError) shape += "; loss: mean absolute error on the standardised target (instead of MSE)";
            string text = FormattableString.Invariant($"{shape}; budget {s.BudgetCpuSeconds} CPU s per fold (1 libtorch thread; epochs {string.Join("/", rows.Select(r => r.Epochs))} from a calibration on {s.CalibrationStructures} structures; measured {string.Join("/", rows.Select(r => r.CpuSeconds.ToString("F0", CultureInfo.InvariantCulture)))} CPU s); trained on the training part minus a seeded 10 % validation split");
            yield return new AccuracyRecord(task, ModelName(s, v), "MAE", Math.Round(mean, 5), Math.Round(std, 5), maes, null,
                Math.Round(rows.Sum(r => r.WallSeconds), 1), command, date, s.Folds,
                Math.Round(rows.Average(r => r.ValidationMae), 5), note is null ? text : $"{text}; {note}");
        }
        foreach (var b in blends)
        {
            if (b.Folds.Any(f => f.TestMae is null)) throw new InvalidOperationException($"{b.Label}: a fold has no test predictions");
            var maes = b.Folds.Select(f => Math.Round(f.TestMae!.Value, 5)).ToArray();
            double mean = maes.Average(), std = Math.Sqrt(maes.Sum(m => (m - mean) * (m - mean)) / maes.Length);
            string Member(E3nnMember m) => FormattableString.Invariant(
                $"{ModelName(m.Settings, m.Variant)} (test {s.Folds.Average(f => m.Result(f)!.TestMae!.Value):F4})");
            string text = $"mean of the predictions of {string.Join(", ", b.Members.Select(Member))} on each fold (equal weights, fixed in advance; {b.Members.Count}× the budget of one)";
            double wall = s.Folds.Sum(f => b.Members.Sum(m => m.Result(f)!.WallSeconds));
            yield return new AccuracyRecord(task, b.Name, "MAE", Math.Round(mean, 5), Math.Round(std, 5), maes, null, Math.Round(wall, 1),
                command, date, s.Folds, Math.Round(b.Folds.Average(f => f.ValidationMae), 5), note is null ? text : $"{text}; {note}");
        }
    }
}
