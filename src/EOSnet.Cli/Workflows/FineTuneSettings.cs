using EOSnet.Featurization;
using EOSnet.MLNet;
using Microsoft.ML;

namespace EOSnet.Cli.Workflows;

/// <summary>
/// <c>--fine-tune MODEL [--era current|paper] [--freeze-convolutions]</c>: checks that the initial model can be fed the
/// graphs the CLI builds (the current era: raw edges, repeat-last padding, isolated atoms padded as the reference).
/// </summary>
public static class FineTuneSettings
{
    /// <summary>
    /// Checks the fine-tuning options and sets them on <paramref name="options"/> (the initial model and
    /// <see cref="EosNetTrainerOptions.FreezeConvolutions"/>); returns the era that goes with a checkpoint (null for a zip).
    /// </summary>
    /// <param name="options">The trainer options of the run.</param>
    /// <param name="model">The --fine-tune path (null: train from scratch).</param>
    /// <param name="era">The --era of a checkpoint.</param>
    /// <param name="freeze">--freeze-convolutions.</param>
    public static GraphEra? Apply(EosNetTrainerOptions options, string? model, GraphEra? era, bool freeze)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (model is null)
        {
            if (freeze || era is not null) throw new CliUsageException("--freeze-convolutions and --era need --fine-tune MODEL");
            return null;
        }
        if (!File.Exists(model)) throw new FileNotFoundException($"--fine-tune: {model} not found", model);
        bool zip = model.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (!zip && era is null)
            throw new CliUsageException($"--fine-tune {model}: a checkpoint does not record how its graph was built; add --era current or --era paper (see the models README)");
        if (!zip && era == GraphEra.Paper)
            throw new CliUsageException($"--fine-tune {model}: paper-era networks need L2 edges and index-0 padding; the CLI builds current-era graphs, so fine-tune this one from the library (EosNetInitialModel.FromFile(path, GraphEra.Paper) with BuildCrystalGraph(Padding = ZeroIndexFar))");
        if (zip) CheckZipGraph(model);
        var modelEra = zip ? null : era;
        options.InitialModel = EosNetInitialModel.FromFile(model, modelEra);
        options.FreezeConvolutions = freeze;
        return modelEra;
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer t) => t is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : new[] { t };

    private static void CheckZipGraph(string model)
    {
        var loaded = new MLContext().Model.LoadWithEosNet(model, out _);
        try
        {
            var graph = Flatten(loaded).OfType<CrystalGraphTransformer>().LastOrDefault()?.Options;
            var cli = DatasetFeatures.Options.Graph;
            if (graph is not null && (graph.Padding != cli.Padding || graph.Radius != cli.Radius || graph.MaxNeighbors != cli.MaxNeighbors))
                throw new CliUsageException($"--fine-tune {model}: its graphs were built with padding {graph.Padding}, radius {graph.Radius} Å, {graph.MaxNeighbors} neighbours; the CLI builds {cli.Padding}, {cli.Radius} Å, {cli.MaxNeighbors}");
        }
        finally { (loaded as IDisposable)?.Dispose(); }
    }
}
