using System.Diagnostics;
using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using EOSnet.Featurization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Screening;

/// <summary>
/// Streams structures through one or more EOSnet models in bounded memory: read → featurize and predict a batch →
/// yield its rows, in input order, whatever the input size. An input that cannot be read or predicted becomes a row
/// with status <c>error</c> and the reason, never a crash mid-run. With a shard (<see cref="ScreeningOptions"/>), only
/// every N-th batch of the input is screened, so N processes (a Slurm job array, a Kubernetes indexed Job) split the work and
/// <see cref="ScreeningMerge"/> puts their outputs back in input order.
/// </summary>
public static class StructureScreening
{
    /// <summary>The output columns of each model, from its output schema.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="models">The models.</param>
    public static IReadOnlyList<ScreeningColumns> Columns(MLContext ml, IReadOnlyList<ScreeningModel> models)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(models);
        var empty = ml.Data.LoadFromCrystals(Array.Empty<CrystalRecord>(), CrystalLabelKind.None);
        return models.Select(m =>
        {
            var schema = m.Members[0].GetOutputSchema(empty.Schema);
            return new ScreeningColumns(schema.GetColumnOrNull("Probability") is not null, m.Members.Count > 1 || schema.GetColumnOrNull("Uncertainty") is not null);
        }).ToList();
    }

    /// <summary>Screens <paramref name="inputs"/> (numbered in order) with every model; yields one row per input of this shard.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="inputs">The inputs in order, each a record or the reason it could not be read (<see cref="StructureReader.ReadEach"/>).</param>
    /// <param name="models">The models; each row has one value per model.</param>
    /// <param name="options">Batch size and shard.</param>
    public static IEnumerable<ScreeningRow> Predict(MLContext ml, IEnumerable<StructureReadResult> inputs, IReadOnlyList<ScreeningModel> models, ScreeningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(models);
        options ??= new ScreeningOptions();
        if (models.Count == 0) throw new ArgumentException("at least one model is needed", nameof(models));
        if (options.ShardCount < 1 || options.ShardIndex < 0 || options.ShardIndex >= options.ShardCount)
            throw new ArgumentOutOfRangeException(nameof(options), $"shard {options.ShardIndex}/{options.ShardCount}: expected 0 ≤ i < N");
        var plan = new Plan(models);
        var batch = new List<(long Index, StructureReadResult Input)>(options.BatchSize);
        long index = 0;
        var timings = options.Timings;
        using var e = inputs.GetEnumerator();
        while (true)
        {
            long began = Stopwatch.GetTimestamp();
            bool more = e.MoveNext();
            if (timings is not null) timings.Read += Stopwatch.GetElapsedTime(began);
            if (!more) break;
            var input = e.Current;
            long k = index++;
            if (!options.InShard(k)) continue;
            batch.Add((k, input));
            // A batch is one block of the input (see ScreeningOptions.ShardIndex), the same in every shard layout.
            if (batch.Count == options.BatchSize)
            {
                foreach (var row in PredictBatch(ml, batch, models, plan, timings)) yield return row;
                batch.Clear();
            }
        }
        foreach (var row in PredictBatch(ml, batch, models, plan, timings)) yield return row;
    }

    private static List<ScreeningRow> PredictBatch(MLContext ml, List<(long Index, StructureReadResult Input)> batch, IReadOnlyList<ScreeningModel> models, Plan plan, ScreeningTimings? timings)
    {
        var rows = new ScreeningRow?[batch.Count];
        var good = new List<(int Slot, CrystalRecord Record)>(batch.Count);
        for (int s = 0; s < batch.Count; s++)
        {
            var (index, input) = batch[s];
            if (input.Record is null) rows[s] = Failed(index, input.Name, input.Error?.Reason ?? "unreadable");
            else if (input.Record.Crystal.AtomicNumbers.FirstOrDefault(z => !Elements.IsSupported(z)) is int z and > 0)
                rows[s] = Failed(index, input.Record.Id, $"element {Elements.Symbol(z)} (Z = {z}) is outside EOSnet's Z = 1…{Elements.MaxSupportedAtomicNumber}");
            else good.Add((s, input.Record));
        }
        if (good.Count > 0)
        {
            var records = good.Select(x => x.Record).ToList();
            var values = new ScreeningValue[good.Count][];
            for (int g = 0; g < good.Count; g++) values[g] = new ScreeningValue[models.Count];
            var failures = new string?[good.Count];
            var featurized = new Dictionary<string, (CrystalGraph?[] Graphs, string?[] Failures)>();
            for (int m = 0; m < models.Count; m++)
            {
                var outputs = new List<MemberOutputs?[]>();
                for (int k = 0; k < models[m].Members.Count; k++)
                    outputs.Add(plan.Scorers[m][k] is { } direct
                        ? DirectOutputs(direct, plan, records, featurized, failures, models[m].Name, timings)
                        : Timed(timings, (t, d) => t.Transform += d, () => TransformOutputs(ml, models[m].Members[k], records, failures, models[m].Name)));
                for (int g = 0; g < good.Count; g++)
                    if (failures[g] is null) values[g][m] = Combine(outputs.Select(o => o[g]!).ToList());
            }
            for (int g = 0; g < good.Count; g++)
            {
                var (slot, record) = good[g];
                rows[slot] = failures[g] is { } reason ? Failed(batch[slot].Index, record.Id, reason)
                    : new ScreeningRow(batch[slot].Index, record.Id, "ok", "", values[g]);
            }
        }
        return rows.Select(r => r!).ToList();
    }

    /// <summary>The settings of a run: each model member's direct scorer (null: scored through ML.NET) and one featurizer per setting.</summary>
    private sealed class Plan
    {
        public Plan(IReadOnlyList<ScreeningModel> models)
        {
            Scorers = models.Select(m => m.Members.Select(DirectScorer.TryCreate).ToArray()).ToArray();
            foreach (var s in Scorers.SelectMany(x => x).OfType<DirectScorer>())
                Featurizers.TryAdd(s.Featurizer.CacheKey, new CrystalFeaturizer(s.Featurizer));
        }

        public DirectScorer?[][] Scorers { get; }
        public Dictionary<string, CrystalFeaturizer> Featurizers { get; } = new();
    }

    /// <summary>One member's outputs per structure (null where it failed, with the reason in <paramref name="failures"/>), through the direct path.</summary>
    private static MemberOutputs?[] DirectOutputs(DirectScorer scorer, Plan plan, List<CrystalRecord> records,
        Dictionary<string, (CrystalGraph?[] Graphs, string?[] Failures)> featurized, string?[] failures, string name, ScreeningTimings? timings)
    {
        string key = scorer.Featurizer.CacheKey;
        if (!featurized.TryGetValue(key, out var f))
            featurized[key] = f = Timed(timings, (t, d) => t.Featurize += d, () => DirectScorer.Featurize(plan.Featurizers[key], records.Select(r => r.Crystal).ToList()));
        var result = new MemberOutputs?[records.Count];
        var slots = new List<int>(records.Count);
        for (int g = 0; g < records.Count; g++)
        {
            if (f.Failures[g] is { } reason) failures[g] ??= $"model '{name}': {reason}";
            else slots.Add(g);
        }
        return Timed(timings, (t, d) => t.Network += d, () => Scatter(result, slots, list => scorer.Predict(list.Select(g => f.Graphs[g]!).ToList()), failures, name));
    }

    private static T Timed<T>(ScreeningTimings? timings, Action<ScreeningTimings, TimeSpan> add, Func<T> work)
    {
        long began = Stopwatch.GetTimestamp();
        var result = work();
        if (timings is not null) add(timings, Stopwatch.GetElapsedTime(began));
        return result;
    }

    /// <summary>One member's outputs per structure through ML.NET's Transform (the generic path).</summary>
    private static MemberOutputs?[] TransformOutputs(MLContext ml, ITransformer member, List<CrystalRecord> records, string?[] failures, string name) =>
        Scatter(new MemberOutputs?[records.Count], Enumerable.Range(0, records.Count).ToList(),
            list => Outputs(member.Transform(ml.Data.LoadFromCrystals(list.Select(g => records[g]).ToList(), CrystalLabelKind.None)), list.Count, name), failures, name);

    /// <summary>
    /// Predicts the structures at <paramref name="slots"/> together; when one breaks the batch, one by one to find it
    /// (the others keep their values, it gets the reason).
    /// </summary>
    private static MemberOutputs?[] Scatter(MemberOutputs?[] result, List<int> slots, Func<List<int>, MemberOutputs> predict, string?[] failures, string name)
    {
        if (slots.Count == 0) return result;
        try
        {
            var all = predict(slots);
            for (int i = 0; i < slots.Count; i++) result[slots[i]] = all.Row(i);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (int g in slots)
            {
                if (failures[g] is not null) continue;
                try { result[g] = predict([g]).Row(0); }
                catch (Exception single) when (single is not OutOfMemoryException) { failures[g] = $"model '{name}': {single.Message}"; }
            }
        }
        return result;
    }

    /// <summary>
    /// A model's value from its members' outputs: one member as it is; several, the mean and the sample standard
    /// deviation of what is reported (probability for classifiers).
    /// </summary>
    private static ScreeningValue Combine(List<MemberOutputs> members)
    {
        if (members.Count == 1)
        {
            var o = members[0];
            return new ScreeningValue(o.Score[0], o.Probability?[0] ?? float.NaN, o.Uncertainty?[0] ?? float.NaN);
        }
        bool classifier = members[0].Probability is not null;
        var reported = members.Select(o => (double)(classifier ? o.Probability![0] : o.Score[0])).ToList();
        double mean = reported.Average();
        double spread = Math.Sqrt(reported.Sum(v => (v - mean) * (v - mean)) / (reported.Count - 1));
        float meanScore = (float)members.Average(o => (double)o.Score[0]);
        return classifier ? new ScreeningValue(meanScore, (float)mean, (float)spread) : new ScreeningValue((float)mean, float.NaN, (float)spread);
    }

    private static MemberOutputs Outputs(IDataView scored, int count, string name)
    {
        var score = scored.GetColumn<float>("Score").ToArray();
        if (score.Length != count) throw new InvalidOperationException($"model '{name}' returned {score.Length} rows for {count} structures");
        var probability = scored.Schema.GetColumnOrNull("Probability") is not null ? scored.GetColumn<float>("Probability").ToArray() : null;
        var uncertainty = scored.Schema.GetColumnOrNull("Uncertainty") is not null ? scored.GetColumn<float>("Uncertainty").ToArray() : null;
        return new MemberOutputs(score, probability, uncertainty);
    }

    private static ScreeningRow Failed(long index, string id, string reason) => new(index, id, "error", reason, Array.Empty<ScreeningValue>());
}
