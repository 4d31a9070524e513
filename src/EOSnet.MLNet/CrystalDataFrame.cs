using EOSnet.Crystals;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace EOSnet.MLNet;

/// <summary>
/// <c>Microsoft.Data.Analysis</c> interop: crystal records as a <see cref="DataFrame"/> (which is an IDataView and
/// can be passed to Fit, Transform and CrossValidate), and predictions back as a DataFrame.
/// </summary>
public static class CrystalDataFrame
{
    /// <summary>A DataFrame with the columns Id, Formula, Lattice, AtomicNumbers, Positions and (unless None) Label.</summary>
    public static DataFrame FromRecords(MLContext mlContext, IEnumerable<CrystalRecord> records, CrystalLabelKind labelKind = CrystalLabelKind.Regression)
    {
        var list = records as IReadOnlyCollection<CrystalRecord> ?? records.ToList();
        return mlContext.Data.LoadFromCrystals(list, labelKind).ToDataFrame(Math.Max(1, list.Count));
    }

    /// <summary>
    /// Scores every row of <paramref name="frame"/> with a fitted pipeline and returns the id and prediction columns
    /// (Score, and for classifiers Probability and PredictedLabel; Label too when present).
    /// </summary>
    public static DataFrame Predict(ITransformer model, DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(frame);
        var scored = model.Transform(frame);
        var wanted = new[] { CrystalColumns.Id, CrystalColumns.Label, CrystalColumns.Score, CrystalColumns.Probability, CrystalColumns.PredictedLabel }
            .Where(c => scored.Schema.GetColumnOrNull(c) is not null).ToArray();
        return scored.ToDataFrame(Math.Max(1, frame.Rows.Count), wanted);
    }
}
