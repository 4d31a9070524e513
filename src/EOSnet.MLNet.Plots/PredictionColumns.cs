using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Plots;

/// <summary>Reads label and score columns of a scored <see cref="IDataView"/> into arrays, with clear errors.</summary>
internal static class PredictionColumns
{
    /// <summary>A Single or Double column as doubles.</summary>
    public static double[] Numbers(IDataView data, string name)
    {
        var type = Column(data, name).Type;
        if (type == NumberDataViewType.Single) return data.GetColumn<float>(name).Select(v => (double)v).ToArray();
        if (type == NumberDataViewType.Double) return data.GetColumn<double>(name).ToArray();
        throw new ArgumentException($"column '{name}' is {type}, expected a Single or Double scalar", nameof(name));
    }

    /// <summary>A Boolean column.</summary>
    public static bool[] Booleans(IDataView data, string name)
    {
        var type = Column(data, name).Type;
        if (type == BooleanDataViewType.Instance) return data.GetColumn<bool>(name).ToArray();
        throw new ArgumentException($"column '{name}' is {type}, expected a Boolean label", nameof(name));
    }

    private static DataViewSchema.Column Column(IDataView data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"no column '{name}' (columns: {string.Join(", ", data.Schema.Select(c => c.Name))})", nameof(name));
    }
}
