using EOSnet.Crystals;
using EOSnet.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Tests.Import;

/// <summary>The authors' checkpoints in <c>../shared/models</c> and scoring helpers for the import tests.</summary>
internal static class PublishedCheckpoints
{
    /// <summary>The models folder of the shared data.</summary>
    public static string Folder => Path.Combine(SharedData.Root ?? throw new InvalidOperationException(SharedData.MissingMessage), "models");

    /// <summary>The checkpoint file of a published model.</summary>
    public static string File(string name) => Path.Combine(Folder, name + ".model_best.pth.tar");

    /// <summary>Scores crystals with a model; the Score column (regression value or classification logit).</summary>
    public static float[] Scores(MLContext ml, ITransformer model, IEnumerable<Crystal> crystals)
    {
        var scored = model.Transform(ml.Data.LoadFromCrystals(crystals));
        return scored.GetColumn<float>(CrystalColumns.Score).ToArray();
    }

    /// <summary>NaCl rock salt and fcc Cu from the golden structures.</summary>
    public static Crystal[] NaClAndCu()
    {
        using var nacl = GoldenStructure.Load("nacl_rocksalt_prim");
        using var cu = GoldenStructure.Load("cu_fcc_prim_1atom");
        return new[] { nacl.Crystal, cu.Crystal };
    }
}
