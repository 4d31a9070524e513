using EOSnet.Crystals;
using EOSnet.Featurization;
using EOSnet.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Screening;

/// <summary>
/// The fast path of <see cref="StructureScreening"/> for a model of the standard shape (GOM fingerprints → crystal
/// graph → EOSnet predictor or ensemble, on the standard columns): the structure is featurized once by
/// <see cref="CrystalFeaturizer"/> (one neighbour search shared by the fingerprints and the graph, in parallel over a
/// batch), and the graphs go straight to the network. Models with equal featurizer settings share the graphs, so
/// several models cost one featurization. The values are those of the ML.NET path (checked by the tests); any other
/// pipeline shape is scored through ML.NET's Transform.
/// </summary>
internal sealed class DirectScorer
{
    private readonly Func<IReadOnlyList<CrystalGraph>, MemberOutputs> _predict;

    private DirectScorer(FeaturizerOptions featurizer, Func<IReadOnlyList<CrystalGraph>, MemberOutputs> predict)
    {
        Featurizer = featurizer;
        _predict = predict;
    }

    /// <summary>The featurizer settings this model's graphs are built with.</summary>
    public FeaturizerOptions Featurizer { get; }

    /// <summary>The model's outputs for the graphs.</summary>
    public MemberOutputs Predict(IReadOnlyList<CrystalGraph> graphs) => _predict(graphs);

    /// <summary>The direct scorer of a model, or null when its pipeline is not of the standard shape.</summary>
    public static DirectScorer? TryCreate(ITransformer model)
    {
        var parts = Flatten(model).ToList();
        if (parts.Count != 3 || parts[0] is not GomFingerprintTransformer gom || parts[1] is not CrystalGraphTransformer graph) return null;
        var (g, n) = (gom.Options, graph.Options);
        bool standardInputs = new StructureFeaturizerOptions[] { g, n }.All(o =>
            o.LatticeColumnName == CrystalColumns.Lattice && o.AtomicNumbersColumnName == CrystalColumns.AtomicNumbers && o.PositionsColumnName == CrystalColumns.Positions);
        if (!standardInputs || g.OutputColumnName != CrystalColumns.AtomFingerprints
            || n.NeighborIndicesColumnName != CrystalColumns.NeighborIndices || n.NeighborDistancesColumnName != CrystalColumns.NeighborDistances)
            return null;
        var featurizer = new FeaturizerOptions { Gom = g.ToGomOptions(), Graph = n.ToGraphOptions() };
        return parts[2] switch
        {
            EosNetPredictionTransformer p when Reads(p, featurizer) => new DirectScorer(featurizer, graphs => MemberOutputs.Of(p.Task, p.PredictBatch(graphs))),
            EosNetEnsembleTransformer e when e.Members.All(m => Reads(m, featurizer)) => new DirectScorer(featurizer, graphs => MemberOutputs.Of(e.Task, e.PredictBatch(graphs))),
            _ => null,
        };
    }

    private static bool Reads(EosNetPredictionTransformer p, FeaturizerOptions f)
    {
        var s = p.Settings;
        return s.Network == Model.NetworkKind.V1 && s.AtomicNumbers == CrystalColumns.AtomicNumbers && s.Fingerprints == CrystalColumns.AtomFingerprints
            && s.NeighborIndices == CrystalColumns.NeighborIndices && s.NeighborDistances == CrystalColumns.NeighborDistances
            && s.FingerprintLength == f.Gom.FingerprintLength && s.MaxNeighbors == f.Graph.MaxNeighbors;
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer t) =>
        t is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [t];

    /// <summary>Featurizes the crystals in parallel; a structure that cannot be featurized gets its reason instead.</summary>
    public static (CrystalGraph?[] Graphs, string?[] Failures) Featurize(CrystalFeaturizer featurizer, IReadOnlyList<Crystal> crystals)
    {
        var graphs = new CrystalGraph?[crystals.Count];
        var failures = new string?[crystals.Count];
        Parallel.For(0, crystals.Count, i =>
        {
            try { graphs[i] = featurizer.Featurize(crystals[i]) ?? throw new FeaturizationException($"structure '{crystals[i].Id}' was skipped by the featurizer"); }
            catch (Exception e) when (e is not OutOfMemoryException) { failures[i] = e.Message; }
        });
        return (graphs, failures);
    }
}

/// <summary>One model's (or ensemble member's) outputs for a batch: score, and probability and uncertainty where the model has them.</summary>
internal sealed record MemberOutputs(float[] Score, float[]? Probability, float[]? Uncertainty)
{
    public static MemberOutputs Of(ModelTask task, EosNetPrediction[] p) => task == ModelTask.Regression
        ? new(p.Select(x => x.Value).ToArray(), null, null)
        : new(p.Select(x => x.Logit).ToArray(), p.Select(x => x.Probability).ToArray(), null);

    public static MemberOutputs Of(ModelTask task, EosNetEnsemblePrediction[] p) => new(
        p.Select(x => x.Score).ToArray(), task == ModelTask.Regression ? null : p.Select(x => x.Probability).ToArray(), p.Select(x => x.Uncertainty).ToArray());

    /// <summary>The outputs of structure <paramref name="i"/> alone.</summary>
    public MemberOutputs Row(int i) => new([Score[i]], Probability is null ? null : [Probability[i]], Uncertainty is null ? null : [Uncertainty[i]]);
}
