namespace EOSnet.Featurization;

/// <summary>Which Gaussian orbitals each sphere member contributes to the overlap matrix.</summary>
public enum GomOrbitals
{
    /// <summary>One s orbital per member (the reference default, lmax = 0).</summary>
    S,
    /// <summary>s and p_x, p_y, p_z per member, in the physically correct (libfp) overlap convention (lmax = 1).</summary>
    SP,
}

/// <summary>What to do when more atoms than <see cref="GomOptions.MaxSphereSize"/> fall inside the cutoff sphere.</summary>
public enum SphereOverflowPolicy
{
    /// <summary>Keep the centre and the nearest MaxSphereSize − 1 neighbours (deterministic ties) and warn.</summary>
    Truncate,
    /// <summary>Throw an <see cref="FeaturizationException"/>.</summary>
    Error,
}

/// <summary>Settings of the GOM fingerprint (defaults = the EOSnet reference).</summary>
public sealed record GomOptions
{
    /// <summary>The reference cutoff r_c: 6 Å (= 3⌊√8⌋).</summary>
    public const double DefaultCutoff = 6.0;
    /// <summary>The reference's largest sphere, nx = 256 (centre included).</summary>
    public const int DefaultMaxSphereSize = 256;
    /// <summary>The reference fingerprint length for s orbitals: 66 = C(12, 2).</summary>
    public const int DefaultFingerprintLength = 66;
    /// <summary>The s+p fingerprint length: 264 = 4 × <see cref="DefaultFingerprintLength"/>.</summary>
    public const int SPFingerprintLength = 4 * DefaultFingerprintLength;

    /// <summary>Cutoff radius r_c of the sphere (Å); members have d ≤ r_c. Reference: <see cref="DefaultCutoff"/>.</summary>
    public double Cutoff { get; init; } = DefaultCutoff;
    /// <summary>Largest sphere (centre included); reference: <see cref="DefaultMaxSphereSize"/>.</summary>
    public int MaxSphereSize { get; init; } = DefaultMaxSphereSize;
    /// <summary>Orbitals per member.</summary>
    public GomOrbitals Orbitals { get; init; } = GomOrbitals.S;
    /// <summary>Fingerprint values kept per atom: <see cref="DefaultFingerprintLength"/> for s; <see cref="SPFingerprintLength"/> for s+p.</summary>
    public int FingerprintLength { get; init; } = DefaultFingerprintLength;
    /// <summary>Eigenvalues with |x| below this are set to 0 before normalisation.</summary>
    public double ZeroThreshold { get; init; } = 1e-10;
    /// <summary>Behaviour when the sphere has more than MaxSphereSize members.</summary>
    public SphereOverflowPolicy Overflow { get; init; } = SphereOverflowPolicy.Truncate;

    /// <summary>
    /// Compute the eigenvalues once for atoms whose spheres are congruent (same centre element, members mapped onto
    /// each other by a rotation or reflection within 1e-10 Å — symmetry-equivalent sites) and copy them to the others.
    /// The results equal a separate computation up to rounding; off, every atom is solved on its own.
    /// </summary>
    public bool ReuseCongruentSpheres { get; init; } = true;

    /// <summary>The reference defaults (s orbitals, <see cref="DefaultFingerprintLength"/> values).</summary>
    public static GomOptions Default { get; } = new();

    /// <summary>The s+p fingerprint in the libfp convention with <see cref="SPFingerprintLength"/> values.</summary>
    public static GomOptions SPDefault { get; } = new() { Orbitals = GomOrbitals.SP, FingerprintLength = SPFingerprintLength };

    /// <summary>Orbitals per member (1 or 4).</summary>
    public int OrbitalsPerMember => Orbitals == GomOrbitals.SP ? 4 : 1;

    /// <summary>Length of the raw spectrum: MaxSphereSize × orbitals per member.</summary>
    public int SpectrumLength => MaxSphereSize * OrbitalsPerMember;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for inconsistent settings.</summary>
    public GomOptions Validate()
    {
        if (!(Cutoff > 0) || double.IsInfinity(Cutoff)) throw new ArgumentOutOfRangeException(nameof(Cutoff), Cutoff, "cutoff must be a positive number of Å");
        if (MaxSphereSize < 1) throw new ArgumentOutOfRangeException(nameof(MaxSphereSize), MaxSphereSize, "must be ≥ 1");
        if (FingerprintLength < 1 || FingerprintLength > SpectrumLength)
            throw new ArgumentOutOfRangeException(nameof(FingerprintLength), FingerprintLength, $"must be in 1…{SpectrumLength} (MaxSphereSize × orbitals)");
        if (ZeroThreshold < 0) throw new ArgumentOutOfRangeException(nameof(ZeroThreshold));
        return this;
    }
}

/// <summary>A structure cannot be featurized (isolated atom under the Error policy, sphere overflow, unsupported element).</summary>
public sealed class FeaturizationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FeaturizationException(string message, Exception? inner = null) : base(message, inner) { }
}
