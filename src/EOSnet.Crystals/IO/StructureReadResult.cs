namespace EOSnet.Crystals.IO;

/// <summary>
/// The outcome of reading one record of a multi-record source (a CIF data block, an ASE database row): the record,
/// or the reason it could not be read. Readers that return these never let one bad record hide the others.
/// </summary>
/// <param name="Name">The record's name in the source (data block name, row id).</param>
/// <param name="Record">The structure, when the record could be read.</param>
/// <param name="Error">Why it could not, otherwise.</param>
public sealed record StructureReadResult(string Name, CrystalRecord? Record, StructureFormatException? Error);
