using EOSnet.Crystals;
using EOSnet.Featurization;
using EOSnet.MLNet.Internal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet;

/// <summary>How the target of crystal records becomes the <c>Label</c> column.</summary>
public enum CrystalLabelKind
{
    /// <summary>Label is a Single (NaN when missing).</summary>
    Regression,
    /// <summary>Label is a Boolean (target ≠ 0).</summary>
    Binary,
    /// <summary>No Label column (prediction).</summary>
    None,
}

/// <summary>Loading crystal structures into an <see cref="IDataView"/>.</summary>
public static class DataCatalogExtensions
{
    /// <summary>
    /// Turns crystal records (from any EOSnet reader) into an IDataView with the columns Id, Formula, Lattice,
    /// AtomicNumbers, Positions and, unless <paramref name="labelKind"/> is None, Label. The enumeration is streamed
    /// (re-read for every cursor): materialise the records first, or append a cache checkpoint, when the source is
    /// expensive to read. The readers' warnings (<see cref="CrystalRecord.Warnings"/>: merged, dropped or reinterpreted
    /// sites, an inferred setting) go to the context's log as warnings (<c>mlContext.Log</c>), once per record.
    /// </summary>
    /// <param name="catalog">The context's data catalog (<c>mlContext.Data</c>).</param>
    /// <param name="records">The records, from any EOSnet reader.</param>
    /// <param name="labelKind">How the records' targets become the <c>Label</c> column.</param>
    public static IDataView LoadFromCrystals(this DataOperationsCatalog catalog, IEnumerable<CrystalRecord> records,
        CrystalLabelKind labelKind = CrystalLabelKind.Regression)
    {
        ArgumentNullException.ThrowIfNull(records);
        records = WithWarningsLogged(catalog, records);
        return labelKind switch
        {
            CrystalLabelKind.Regression => catalog.LoadFromEnumerable(records.Select(CrystalRegressionRow.From)),
            CrystalLabelKind.Binary => catalog.LoadFromEnumerable(records.Select(CrystalBinaryRow.From)),
            _ => catalog.LoadFromEnumerable(records.Select(r => CrystalInput.From(r.Crystal, r.Id))),
        };
    }

    /// <summary>The records, reporting each record's reader warnings once on the catalog's log channel.</summary>
    private static IEnumerable<CrystalRecord> WithWarningsLogged(DataOperationsCatalog catalog, IEnumerable<CrystalRecord> records)
    {
        var host = MlNetBridge.EnvironmentOf(catalog).Register("EOSnet.Structures");
        var reported = new HashSet<string>(StringComparer.Ordinal);
        return records.Select(r =>
        {
            if (!r.Warnings.IsEmpty)
            {
                lock (reported)
                {
                    if (reported.Add(r.Id))
                    {
                        using var ch = host.Start("read");
                        foreach (var w in r.Warnings) ch.Warning(MessageSensitivity.None, $"{r.Id}: {w}");
                    }
                }
            }
            return r;
        });
    }

    /// <summary>Crystals without labels (for prediction): the columns Id, Formula, Lattice, AtomicNumbers and Positions.</summary>
    /// <param name="catalog">The context's data catalog (<c>mlContext.Data</c>).</param>
    /// <param name="crystals">The structures (streamed: re-read for every cursor).</param>
    public static IDataView LoadFromCrystals(this DataOperationsCatalog catalog, IEnumerable<Crystal> crystals) =>
        catalog.LoadFromEnumerable(crystals.Select(c => CrystalInput.From(c)));

    /// <summary>
    /// Already featurized crystals (e.g. <see cref="FeatureCache.ReadAll"/>) as an IDataView with Id, the graph columns
    /// of <c>BuildCrystalGraph</c> and, unless <paramref name="labelKind"/> is None, Label: train EOSnet on it directly,
    /// without featurizing again. Structures featurized with their v2 edge list
    /// (<see cref="FeaturizerOptions.EquivariantCutoff"/>) also give the edge columns of <c>BuildEquivariantGraph</c>,
    /// annotated with their cutoff as that transformer does, so the v2 trainer reads them too.
    /// </summary>
    /// <param name="catalog">The context's data catalog (<c>mlContext.Data</c>).</param>
    /// <param name="structures">The featurized structures (streamed: re-read for every cursor; the first one decides
    /// whether the view has edge columns, and every other must then have edges of the same cutoff).</param>
    /// <param name="labelKind">How the structures' targets become the <c>Label</c> column.</param>
    public static IDataView LoadFromCrystalGraphs(this DataOperationsCatalog catalog, IEnumerable<CachedStructure> structures,
        CrystalLabelKind labelKind = CrystalLabelKind.Regression)
    {
        ArgumentNullException.ThrowIfNull(structures);
        double? cutoff = structures.FirstOrDefault()?.Edges?.Cutoff;
        IEnumerable<CachedStructure> Checked() => structures.Select(s => s.Edges?.Cutoff == cutoff ? s
            : throw new InvalidOperationException($"structure '{s.Id}': {(s.Edges is null ? "no v2 edges" : $"v2 edges within {s.Edges.Cutoff} Å")}, but the first structure has {(cutoff is null ? "none" : $"edges within {cutoff} Å")}; featurize all structures with the same options"));
        return labelKind switch
        {
            CrystalLabelKind.Regression => catalog.LoadFromEnumerable(Checked().Select(CrystalGraphRegressionRow.From), GraphRowSchema<CrystalGraphRegressionRow>(cutoff)),
            CrystalLabelKind.Binary => catalog.LoadFromEnumerable(Checked().Select(CrystalGraphBinaryRow.From), GraphRowSchema<CrystalGraphBinaryRow>(cutoff)),
            _ => catalog.LoadFromEnumerable(Checked().Select(CrystalGraphRow.From), GraphRowSchema<CrystalGraphRow>(cutoff)),
        };
    }

    /// <summary>The columns of a graph row: without the edge columns when <paramref name="cutoff"/> is null, else with them and their cutoff annotation.</summary>
    private static SchemaDefinition GraphRowSchema<T>(double? cutoff) where T : CrystalGraphRow
    {
        var definition = SchemaDefinition.Create(typeof(T));
        string[] edgeColumns = [nameof(CrystalGraphRow.EdgeSources), nameof(CrystalGraphRow.EdgeDestinations), nameof(CrystalGraphRow.EdgeVectors)];
        if (cutoff is double c)
            definition[nameof(CrystalGraphRow.EdgeSources)].AddAnnotation(EquivariantGraphAnnotation.Name, EquivariantGraphAnnotation.Text(c).AsMemory(), TextDataViewType.Instance);
        else
            definition.RemoveAll(column => edgeColumns.Contains(column.MemberName));
        return definition;
    }

    /// <summary>Reads a feature cache (one file or every part of a sharded cache) into an IDataView (see <see cref="LoadFromCrystalGraphs"/>).</summary>
    /// <param name="catalog">The context's data catalog (<c>mlContext.Data</c>).</param>
    /// <param name="partFiles">The cache file, or every part of a sharded cache.</param>
    /// <param name="labelKind">How the cached targets become the <c>Label</c> column.</param>
    public static IDataView LoadFromFeatureCache(this DataOperationsCatalog catalog, IEnumerable<string> partFiles,
        CrystalLabelKind labelKind = CrystalLabelKind.Regression) =>
        catalog.LoadFromCrystalGraphs(FeatureCache.ReadAll(partFiles), labelKind);
}
