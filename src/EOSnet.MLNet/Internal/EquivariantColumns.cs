using EOSnet.Model.Equivariant;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EOSnet.MLNet.Internal;

/// <summary>The featurized columns of the v2 network (atoms, fingerprints and the edge list) and how to read them into <see cref="EquivariantSample"/>s.</summary>
internal sealed record EquivariantColumns(string AtomicNumbers, string Fingerprints, string Sources, string Destinations, string Vectors, int FingerprintLength)
{
    private const string FromFeaturizer = "(from BuildEquivariantGraph)";

    public IEnumerable<InputColumnSpec> Specs()
    {
        yield return new("atomic numbers", AtomicNumbers, NumberDataViewType.Int32, ColumnKinds.AnyVector);
        if (FingerprintLength > 0) yield return new("fingerprint (from ComputeGomFingerprints)", Fingerprints, NumberDataViewType.Single, ColumnKinds.AnyVector);
        yield return new($"edge sources {FromFeaturizer}", Sources, NumberDataViewType.Int32, ColumnKinds.AnyVector);
        yield return new($"edge destinations {FromFeaturizer}", Destinations, NumberDataViewType.Int32, ColumnKinds.AnyVector);
        yield return new($"edge vectors {FromFeaturizer}", Vectors, NumberDataViewType.Double, ColumnKinds.AnyVector);
    }

    /// <summary>The cutoff recorded on the edge columns of <paramref name="schema"/>, or null (no annotation).</summary>
    public double? CutoffOf(DataViewSchema schema) => schema.GetColumnOrNull(Sources) is { } c ? EquivariantGraphAnnotation.ReadCutoff(c) : null;

    /// <summary>A function reading the sample at the row's current position (copies the buffers: the result may be kept).</summary>
    public Func<EquivariantSample> Reader(DataViewRow row)
    {
        var s = row.Schema;
        var z = row.GetGetter<VBuffer<int>>(s[AtomicNumbers]);
        var fp = FingerprintLength > 0 ? row.GetGetter<VBuffer<float>>(s[Fingerprints]) : null;
        var src = row.GetGetter<VBuffer<int>>(s[Sources]);
        var dst = row.GetGetter<VBuffer<int>>(s[Destinations]);
        var vec = row.GetGetter<VBuffer<double>>(s[Vectors]);
        VBuffer<int> zb = default, sb = default, db = default;
        VBuffer<float> fb = default;
        VBuffer<double> vb = default;
        return () =>
        {
            z(ref zb); src(ref sb); dst(ref db); vec(ref vb);
            float[] values = Array.Empty<float>();
            if (fp is not null) { fp(ref fb); values = fb.DenseValues().ToArray(); }
            try
            {
                return EquivariantSample.FromFeatures(zb.DenseValues().ToArray(), values, FingerprintLength,
                    sb.DenseValues().ToArray(), db.DenseValues().ToArray(), vb.DenseValues().ToArray());
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"row {row.Position}: the v2 columns are inconsistent ({e.Message}); were they produced with the same FingerprintLength?", e);
            }
        };
    }
}
