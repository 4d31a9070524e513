using EOSnet.Featurization;
using EOSnet.Model;
using EOSnet.Model.Import;
using EOSnet.TestSupport;
using Microsoft.ML;

namespace EOSnet.MLNet.Tests.FineTuning;

public class CheckpointFineTuningTests
{
    private static IDataView Graphs(MLContext ml, IDataView raw, NeighborPadding padding) =>
        ml.Data.Cache(ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph(new CrystalGraphOptions { Padding = padding })).Fit(raw).Transform(raw));

    [SharedDataFact]
    public void An_authors_checkpoint_with_its_era_is_the_start_of_fine_tuning()
    {
        string path = Path.Combine(SharedData.Root!, "models", "MP2018_Eform.model_best.pth.tar");
        var ckpt = PyTorchCheckpoint.Load(path);
        using var reference = EosNetModel.FromStateDict(new EosNetArchitecture(), new TargetNormalizer(ckpt.TargetMean, ckpt.TargetStd), ckpt.StateDict);
        var records = SyntheticCrystals.Records(30, scale: 4, seed: 9);
        var ml = new MLContext(0);
        var raw = ml.Data.LoadFromCrystals(records);
        var o = new EosNetTrainerOptions { Epochs = 0, Device = "cpu", ValidationFraction = 0, InitialModel = EosNetInitialModel.FromFile(path, GraphEra.Current) };
        using var tuned = ml.Regression.Trainers.EosNet(o).Fit(Graphs(ml, raw, NeighborPadding.RepeatLast));
        Assert.Equal(new EosNetArchitecture(), tuned.Model.Architecture); // shape read from the checkpoint's tensors

        var featurizer = new CrystalFeaturizer(new FeaturizerOptions());
        var graphs = records.Select(r => featurizer.Featurize(r.Crystal)!).ToList();
        var expected = reference.Predict(graphs).Select(p => tuned.Model.Normalizer.Denormalize(reference.Normalizer.Normalize(p.Value))).ToArray();
        var actual = tuned.PredictBatch(graphs);
        for (int i = 0; i < graphs.Count; i++) Assert.Equal(expected[i], actual[i].Value, 3);

        // The paper era: L2 edges whatever the options say, and the data must be padded as that era pads.
        o.InitialModel = EosNetInitialModel.FromFile(path, GraphEra.Paper);
        var wrongEra = Assert.Throws<InvalidOperationException>(() => ml.Regression.Trainers.EosNet(o).Fit(Graphs(ml, raw, NeighborPadding.RepeatLast)));
        Assert.Contains("Padding RepeatLast (the initial model needs ZeroIndexFar)", wrongEra.Message);
        using var paper = ml.Regression.Trainers.EosNet(o).Fit(Graphs(ml, raw, NeighborPadding.ZeroIndexFar));
        Assert.Equal(EdgeNormalization.L2, paper.Model.Architecture.EdgeNormalization);
    }
}
