namespace EOSnet.Featurization;

/// <summary>How slots are filled when an atom has fewer than MaxNeighbors neighbours within the radius.</summary>
public enum NeighborPadding
{
    /// <summary>Repeat the last neighbour (index and distance): the current reference.</summary>
    RepeatLast,
    /// <summary>Index 0 and distance radius + 1 (original CGCNN rule, EOSnet paper era).</summary>
    ZeroIndexFar,
}

/// <summary>What to do with an atom that has no neighbour at all within the radius.</summary>
public enum IsolatedAtomPolicy
{
    /// <summary>Throw a <see cref="FeaturizationException"/> naming structure, atom, element and radius.</summary>
    Error,
    /// <summary>The reference's behaviour: index 0 (atom 0 of the structure), distance radius + 1, in every slot.</summary>
    ReferencePadding,
    /// <summary>Skip the whole structure (featurizers report it and move on).</summary>
    SkipStructure,
}

/// <summary>Settings of the crystal graph (defaults = the EOSnet reference).</summary>
public sealed record GraphOptions
{
    /// <summary>The reference neighbour radius: 8 Å.</summary>
    public const double DefaultRadius = 8.0;
    /// <summary>The reference number of neighbour slots per atom: 12.</summary>
    public const int DefaultMaxNeighbors = 12;

    /// <summary>Neighbour radius R (Å); neighbours are strictly closer. Reference: <see cref="DefaultRadius"/>.</summary>
    public double Radius { get; init; } = DefaultRadius;
    /// <summary>Neighbour slots per atom M; reference: <see cref="DefaultMaxNeighbors"/>.</summary>
    public int MaxNeighbors { get; init; } = DefaultMaxNeighbors;
    /// <summary>Padding of atoms with 0 &lt; n &lt; M neighbours.</summary>
    public NeighborPadding Padding { get; init; } = NeighborPadding.RepeatLast;
    /// <summary>Handling of atoms without neighbours.</summary>
    public IsolatedAtomPolicy IsolatedAtoms { get; init; } = IsolatedAtomPolicy.Error;

    /// <summary>The reference defaults.</summary>
    public static GraphOptions Default { get; } = new();

    /// <summary>Throws for invalid settings.</summary>
    public GraphOptions Validate()
    {
        if (!(Radius > 0) || double.IsInfinity(Radius)) throw new ArgumentOutOfRangeException(nameof(Radius), Radius, "radius must be a positive number of Å");
        if (MaxNeighbors < 1) throw new ArgumentOutOfRangeException(nameof(MaxNeighbors), MaxNeighbors, "must be ≥ 1");
        return this;
    }
}
