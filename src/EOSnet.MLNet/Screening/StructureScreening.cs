using EOSnet.Crystals;
using EOSnet.Crystals.IO;
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
        var batch = new List<(long Index, StructureReadResult Input)>(options.BatchSize);
        long index = 0;
        foreach (var input in inputs)
        {
            long k = index++;
            if (!options.InShard(k)) continue;
            batch.Add((k, input));
            // A batch is one block of the input (see ScreeningOptions.ShardIndex), the same in every shard layout.
            if (batch.Count == options.BatchSize)
            {
                foreach (var row in PredictBatch(ml, batch, models)) yield return row;
                batch.Clear();
            }
        }
        foreach (var row in PredictBatch(ml, batch, models)) yield return row;
    }

    private static List<ScreeningRow> PredictBatch(MLContext ml, List<(long Index, StructureReadResult Input)> batch, IReadOnlyList<ScreeningModel> models)
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
            var values = new ScreeningValue[good.Count][];
            for (int g = 0; g < good.Count; g++) values[g] = new ScreeningValue[models.Count];
            var failures = new string?[good.Count];
            for (int m = 0; m < models.Count; m++)
            {
                try { Fill(ml, models[m], good.Select(x => x.Record).ToList(), values, m); }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // One structure broke the batch: predict one by one to find it, the others keep their values.
                    for (int g = 0; g < good.Count; g++)
                    {
                        if (failures[g] is not null) continue;
                        try { Fill(ml, models[m], [good[g].Record], values, m, offset: g); }
                        catch (Exception single) when (single is not OutOfMemoryException) { failures[g] = $"model '{models[m].Name}': {single.Message}"; }
                    }
                }
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

    private static void Fill(MLContext ml, ScreeningModel model, List<CrystalRecord> records, ScreeningValue[][] values, int m, int offset = 0)
    {
        var input = ml.Data.LoadFromCrystals(records, CrystalLabelKind.None);
        var outputs = model.Members.Select(member => Outputs(member.Transform(input), records.Count, model.Name)).ToList();
        for (int i = 0; i < records.Count; i++)
        {
            if (outputs.Count == 1)
            {
                var (score, probability, uncertainty) = outputs[0];
                values[offset + i][m] = new ScreeningValue(score[i], probability?[i] ?? float.NaN, uncertainty?[i] ?? float.NaN);
                continue;
            }
            // Ensemble members: the mean, and the sample standard deviation of what is reported (probability for classifiers).
            bool classifier = outputs[0].Probability is not null;
            var reported = outputs.Select(o => (double)(classifier ? o.Probability![i] : o.Score[i])).ToList();
            double mean = reported.Average();
            double spread = Math.Sqrt(reported.Sum(v => (v - mean) * (v - mean)) / (reported.Count - 1));
            float meanScore = (float)outputs.Average(o => (double)o.Score[i]);
            values[offset + i][m] = classifier
                ? new ScreeningValue(meanScore, (float)mean, (float)spread)
                : new ScreeningValue((float)mean, float.NaN, (float)spread);
        }
    }

    private static (float[] Score, float[]? Probability, float[]? Uncertainty) Outputs(IDataView scored, int count, string name)
    {
        var score = scored.GetColumn<float>("Score").ToArray();
        if (score.Length != count) throw new InvalidOperationException($"model '{name}' returned {score.Length} rows for {count} structures");
        var probability = scored.Schema.GetColumnOrNull("Probability") is not null ? scored.GetColumn<float>("Probability").ToArray() : null;
        var uncertainty = scored.Schema.GetColumnOrNull("Uncertainty") is not null ? scored.GetColumn<float>("Uncertainty").ToArray() : null;
        return (score, probability, uncertainty);
    }

    private static ScreeningRow Failed(long index, string id, string reason) => new(index, id, "error", reason, Array.Empty<ScreeningValue>());
}
