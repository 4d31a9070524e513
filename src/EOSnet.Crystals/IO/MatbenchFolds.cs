using System.Text.Json;

namespace EOSnet.Crystals.IO;

/// <summary>The Matbench folds sidecar (<c>*.folds.json</c>: {"fold_0": [test ids], …}).</summary>
public sealed class MatbenchFolds
{
    private MatbenchFolds(IReadOnlyList<IReadOnlySet<string>> testIds) => TestIds = testIds;

    /// <summary>Test ids of each fold, in fold order.</summary>
    public IReadOnlyList<IReadOnlySet<string>> TestIds { get; }

    /// <summary>Number of folds.</summary>
    public int Count => TestIds.Count;

    /// <summary>Loads a folds file.</summary>
    public static MatbenchFolds Load(string path)
    {
        try
        {
            using var s = InputFile.Open(path);
            using var doc = JsonDocument.Parse(s);
            var folds = doc.RootElement.EnumerateObject()
                .Where(p => p.Name.StartsWith("fold_", StringComparison.Ordinal))
                .OrderBy(p => int.Parse(p.Name[5..], System.Globalization.CultureInfo.InvariantCulture))
                .Select(p => (IReadOnlySet<string>)p.Value.EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal))
                .ToList();
            if (folds.Count == 0) throw new StructureFormatException(path, null, null, "no 'fold_<k>' entries");
            return new MatbenchFolds(folds);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new StructureFormatException(path, null, null, $"invalid folds file: {e.Message}", e);
        }
    }

    /// <summary>
    /// Seeded k-fold split of the given ids (for datasets without official folds): the ids are shuffled with
    /// <see cref="System.Random"/>(<paramref name="seed"/>) and dealt round-robin into <paramref name="k"/> folds.
    /// </summary>
    public static MatbenchFolds Random(IReadOnlyList<string> ids, int k, int seed)
    {
        if (k < 2 || k > ids.Count) throw new ArgumentOutOfRangeException(nameof(k), k, $"need 2 ≤ k ≤ {ids.Count}");
        var order = ids.ToArray();
        new Random(seed).Shuffle(order);
        var folds = Enumerable.Range(0, k).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToList();
        for (int i = 0; i < order.Length; i++)
            if (!folds[i % k].Add(order[i])) throw new ArgumentException($"duplicate id '{order[i]}'", nameof(ids));
        return new MatbenchFolds(folds);
    }

    /// <summary>The fold whose test set holds <paramref name="id"/>, or −1.</summary>
    public int FoldOf(string id)
    {
        for (int k = 0; k < TestIds.Count; k++) if (TestIds[k].Contains(id)) return k;
        return -1;
    }

    /// <summary>Training ids of fold k: every id of <paramref name="allIds"/> not in fold k's test set.</summary>
    public IEnumerable<string> TrainIds(int k, IEnumerable<string> allIds) => allIds.Where(id => !TestIds[k].Contains(id));
}
