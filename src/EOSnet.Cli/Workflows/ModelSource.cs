using EOSnet.MLNet;
using EOSnet.Models;
using Microsoft.ML;

namespace EOSnet.Cli.Workflows;

/// <summary>What <c>--model</c> names: a model.zip (a single model or an ensemble) or a published model of the zoo.</summary>
public static class ModelSource
{
    /// <summary>Description of the <c>--model</c> option shared by the verbs that score.</summary>
    public const string OptionDescription = "model.zip written by 'eosnet train' or 'eosnet import', or the name of a published model ('eosnet models' lists them)";

    /// <summary>One model: a model.zip or a published model.</summary>
    public static ITransformer Load(MLContext ml, string spec) =>
        File.Exists(spec) ? ml.Model.LoadWithEosNet(spec, out _) : LoadPublished(ml, spec);

    private static ITransformer LoadPublished(MLContext ml, string spec)
    {
        if (EosNetModels.Find(spec) is null)
            throw new CliUsageException($"{spec}: model file not found, and no published model has this name (they are: {string.Join(", ", EosNetModels.All.Select(e => e.Name))})");
        return EosNetModels.Load(ml, spec);
    }
}
