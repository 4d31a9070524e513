using System.Collections.Immutable;

namespace EOSnet.Crystals;

/// <summary>
/// One entry of a dataset: an id, a structure, and an optional target (regression value, or 0/1 for a boolean
/// label), plus any extra scalar properties the source carried (extxyz info keys, extra JSON columns).
/// </summary>
/// <param name="Id">Identifier (Matbench id, struct_id, file stem, …).</param>
/// <param name="Crystal">The structure.</param>
/// <param name="Target">The label, if the source has one. Booleans are 1 (true) / 0 (false).</param>
/// <param name="Properties">Other named scalar values of the record (never null).</param>
public sealed record CrystalRecord(string Id, Crystal Crystal, double? Target, ImmutableDictionary<string, string> Properties)
{
    /// <summary>Creates a record without extra properties.</summary>
    public CrystalRecord(string id, Crystal crystal, double? target) : this(id, crystal, target, ImmutableDictionary<string, string>.Empty) { }

    /// <summary>
    /// What the reader changed, dropped, reinterpreted or inferred to build this record (merged duplicate sites,
    /// dropped dummy atoms, majority species, a species read from a label convention, an inferred setting). Empty
    /// when the structure is exactly what the file says.
    /// </summary>
    public ImmutableArray<string> Warnings { get; init; } = ImmutableArray<string>.Empty;
}
