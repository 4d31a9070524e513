namespace EOSnet.Model.Equivariant;

/// <summary>
/// The shape of an <see cref="EosNetV2"/> network: the reference's <c>EOSNetV2</c> constructor arguments
/// (<c>orig_atom_fea_len, irreps_hidden, max_ell, n_conv, num_radial_basis, radial_cutoff, fc_hidden, h_fea_len</c>;
/// <c>n_h = 1</c> and regression only).
/// </summary>
/// <param name="AtomFeatureLength">Atom feature length (one-hot(Z, 113) ⊕ 66 GOM values = 179).</param>
/// <param name="HiddenIrreps">
/// Irreps of the hidden node features, e.g. <c>32x0e+16x1o+8x2e</c>: sorted and simplified (one term per degree,
/// degrees increasing, the first one 0e), so that the gate's input is the tensor product's output as the reference
/// lays it out.
/// </param>
/// <param name="MaxDegree">Largest degree of the edge spherical harmonics (<c>max_ell</c>, ≤ 2).</param>
/// <param name="Interactions">Number of interaction blocks (<c>n_conv</c>).</param>
/// <param name="RadialBasisCount">Number of radial basis functions (<c>num_radial_basis</c>).</param>
/// <param name="RadialCutoff">Cutoff radius in Å (<c>radial_cutoff</c>).</param>
/// <param name="RadialHidden">Hidden width of each block's radial MLP (<c>fc_hidden</c>).</param>
/// <param name="HeadHidden">Width of the hidden layer after pooling (<c>h_fea_len</c>).</param>
public sealed record EosNetV2Config(
    int AtomFeatureLength = 179,
    string HiddenIrreps = "32x0e+16x1o+8x2e",
    int MaxDegree = 2,
    int Interactions = 3,
    int RadialBasisCount = 16,
    double RadialCutoff = 8.0,
    int RadialHidden = 64,
    int HeadHidden = 128)
{
    /// <summary>The reference's default model (808 545 parameters).</summary>
    public static EosNetV2Config Default { get; } = new();

    /// <summary>The small model of the golden set: <c>4x0e+2x1o+2x2e</c>, two blocks (13 605 parameters).</summary>
    public static EosNetV2Config Small { get; } = new(HiddenIrreps: "4x0e+2x1o+2x2e", Interactions: 2);

    /// <summary>The parsed <see cref="HiddenIrreps"/>.</summary>
    public Irreps Hidden => Irreps.Parse(HiddenIrreps);

    /// <summary>Throws when a setting is out of range; returns this config otherwise.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public EosNetV2Config Validate()
    {
        var hidden = Hidden;
        if (AtomFeatureLength < 1) throw new ArgumentException("AtomFeatureLength must be positive");
        if (MaxDegree is < 0 or > SphericalHarmonics.MaxDegree) throw new ArgumentException($"MaxDegree must be 0 … {SphericalHarmonics.MaxDegree}");
        if (hidden.MaxDegree > SphericalHarmonics.MaxDegree) throw new ArgumentException($"hidden degrees must be ≤ {SphericalHarmonics.MaxDegree}");
        if (hidden.ScalarMultiplicity < 1) throw new ArgumentException("the hidden irreps need at least one 0e channel");
        int firstNonScalar = hidden.Terms.ToList().FindIndex(t => t.Irrep.L != 0);
        if (firstNonScalar >= 0 && hidden.Terms.Skip(firstNonScalar).Any(t => t.Irrep.L == 0))
            throw new ArgumentException("the scalar terms of the hidden irreps must come first");
        if (hidden.Terms.Any(t => t.Irrep.L == 0 && t.Irrep.Parity != 1)) throw new ArgumentException("odd scalars (0o) are not supported");
        for (int i = 1; i < hidden.Count; i++)
            if (hidden[i].Irrep.L <= hidden[i - 1].Irrep.L)
                throw new ArgumentException("the hidden irreps must be sorted and simplified: one term per degree, degrees increasing");
        if (Interactions < 1) throw new ArgumentException("Interactions must be at least 1");
        if (RadialBasisCount < 2) throw new ArgumentException("RadialBasisCount must be at least 2");
        if (!(RadialCutoff > 0) || double.IsInfinity(RadialCutoff)) throw new ArgumentException("RadialCutoff must be positive and finite");
        if (RadialHidden < 1 || HeadHidden < 1) throw new ArgumentException("layer widths must be positive");
        return this;
    }
}
