using EOSnet.MLNet.Onnx;
using EOSnet.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EOSnet.MLNet.Tests.Onnx;

public class OnnxExportGoldenTests
{
    internal static double[] Centres() => Enumerable.Range(0, 76).Select(k => 0.5 + k * ((0.5 + 0.1) - 0.5)).ToArray();

    internal static EosNetOnnxSpec Spec(GoldenModel g, bool l2 = false) => new()
    {
        StateDict = g.StateDict,
        GaussianCentres = Centres(),
        Classification = g.Task == "classification",
        TargetMean = g.Mean,
        TargetStd = g.Std,
        L2EdgeNormalization = l2,
    };

    internal static float[] Run(InferenceSession session, GoldenGraphInput x, string output)
    {
        int n = x.AtomCount;
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(EosNetOnnxExporter.AtomicNumbersInput, new DenseTensor<int>(x.AtomicNumbers, new[] { 1, n })),
            NamedOnnxValue.CreateFromTensor(EosNetOnnxExporter.FingerprintsInput, new DenseTensor<float>(x.Fingerprints, new[] { 1, n, 66 })),
            NamedOnnxValue.CreateFromTensor(EosNetOnnxExporter.NeighborIndicesInput, new DenseTensor<int>(x.NeighborIndices, new[] { 1, n, 12 })),
            NamedOnnxValue.CreateFromTensor(EosNetOnnxExporter.NeighborDistancesInput, new DenseTensor<double>(x.NeighborDistances, new[] { 1, n, 12 })),
        };
        using var results = session.Run(inputs);
        return results.Single(r => r.Name == output).AsEnumerable<float>().ToArray();
    }

    [SharedDataFact]
    public void Regression_export_reproduces_the_golden_predictions()
    {
        var g = GoldenModel.Load(GoldenModel.Regression);
        using var session = new InferenceSession(EosNetOnnxExporter.Export(Spec(g)));
        using var preds = GoldenModel.Predictions(GoldenModel.Regression);
        int count = 0;
        foreach (var p in preds.RootElement.GetProperty("predictions").EnumerateObject())
        {
            var expected = p.Value.GetProperty("prediction").GetDouble();
            var actual = Run(session, GoldenGraphInput.Load(p.Name), EosNetOnnxExporter.ScoreOutput)[0];
            Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"{p.Name}: ONNX {actual} vs golden {expected}");
            count++;
        }
        Assert.Equal(21, count);
    }

    [SharedDataFact]
    public void Classification_export_reproduces_the_golden_log_softmax()
    {
        var g = GoldenModel.Load(GoldenModel.Classification);
        using var session = new InferenceSession(EosNetOnnxExporter.Export(Spec(g)));
        using var preds = GoldenModel.Predictions(GoldenModel.Classification);
        int count = 0;
        foreach (var p in preds.RootElement.GetProperty("predictions").EnumerateObject())
        {
            var ls = p.Value.GetProperty("log_softmax").ToDoubles();
            double logit = ls[1] - ls[0];
            var x = GoldenGraphInput.Load(p.Name);
            var score = Run(session, x, EosNetOnnxExporter.ScoreOutput)[0];
            var prob = Run(session, x, EosNetOnnxExporter.ProbabilityOutput)[0];
            Assert.True(Math.Abs(score - logit) <= 1e-4 * Math.Max(1, Math.Abs(logit)), $"{p.Name}: logit {score} vs {logit}");
            Assert.True(Math.Abs(prob - Math.Exp(ls[1])) <= 1e-5, $"{p.Name}: p {prob} vs {Math.Exp(ls[1])}");
            count++;
        }
        Assert.Equal(21, count);
    }

    [SharedDataFact]
    public void An_imported_authors_checkpoint_exports_and_reproduces_the_golden_predictions()
    {
        var ckpt = EOSnet.Model.Import.PyTorchCheckpoint.Load(SharedData.Golden("model/MP_Eform.model_best.pth.tar"));
        var spec = new EosNetOnnxSpec
        {
            StateDict = ckpt.StateDict,
            GaussianCentres = Centres(),
            TargetMean = ckpt.TargetMean,
            TargetStd = ckpt.TargetStd,
        };
        using var session = new InferenceSession(EosNetOnnxExporter.Export(spec));
        using var preds = GoldenModel.Predictions(GoldenModel.Regression);
        foreach (var p in preds.RootElement.GetProperty("predictions").EnumerateObject())
        {
            var expected = p.Value.GetProperty("prediction").GetDouble();
            var actual = Run(session, GoldenGraphInput.Load(p.Name), EosNetOnnxExporter.ScoreOutput)[0];
            Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"{p.Name}: {actual} vs {expected}");
        }
    }
}
