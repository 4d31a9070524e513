using EOSnet.Featurization;

namespace EOSnet.MLNet;

/// <summary>
/// How the authors' code built the crystal graph when a checkpoint was trained (shared docs, eosnet-reference §1).
/// A network fed the other era's graph gives wrong numbers without any error, so the era is part of an imported model.
/// </summary>
public enum EosNetGraphEra
{
    /// <summary>Paper era (2024): each Gaussian edge vector L2-normalised; missing neighbour slots are index 0 at radius + 1.</summary>
    Paper,
    /// <summary>December 2024 and later: raw Gaussian edge vectors; missing neighbour slots repeat the last neighbour.</summary>
    Current,
}

/// <summary>The graph settings each <see cref="EosNetGraphEra"/> stands for.</summary>
public static class EosNetGraphEraSettings
{
    /// <summary>Edge vector normalisation of the era.</summary>
    public static EdgeNormalization EdgeNormalization(this EosNetGraphEra era) => era switch
    {
        EosNetGraphEra.Paper => Featurization.EdgeNormalization.L2,
        EosNetGraphEra.Current => Featurization.EdgeNormalization.None,
        _ => throw new ArgumentOutOfRangeException(nameof(era), era, "unknown graph era"),
    };

    /// <summary>Neighbour padding of the era.</summary>
    public static NeighborPadding NeighborPadding(this EosNetGraphEra era) => era switch
    {
        EosNetGraphEra.Paper => Featurization.NeighborPadding.ZeroIndexFar,
        EosNetGraphEra.Current => Featurization.NeighborPadding.RepeatLast,
        _ => throw new ArgumentOutOfRangeException(nameof(era), era, "unknown graph era"),
    };

    /// <summary>One line describing the era, for messages and listings.</summary>
    public static string Describe(this EosNetGraphEra era) => era switch
    {
        EosNetGraphEra.Paper => "paper (L2-normalised edges, padding index 0 at r+1)",
        EosNetGraphEra.Current => "current (raw edges, padding repeats the last neighbour)",
        _ => throw new ArgumentOutOfRangeException(nameof(era), era, "unknown graph era"),
    };

    /// <summary>Parses "paper" or "current" (case-insensitive); null for anything else.</summary>
    public static EosNetGraphEra? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "PAPER" => EosNetGraphEra.Paper,
        "CURRENT" => EosNetGraphEra.Current,
        _ => null,
    };
}
