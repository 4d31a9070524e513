namespace EOSnet.Crystals.IO;

/// <summary>
/// Reads CIF files: one record per data block with atom sites; each block succeeds or fails on its own.
/// <list type="bullet">
/// <item>Cell parameters may carry uncertainties (<c>5.431(2)</c>) and may come as items or a one-row loop.</item>
/// <item>Symmetry from explicit or magnetic operations, a Hall or Hermann–Mauguin symbol or a space-group number
/// (<see cref="Symmetry.SpaceGroupTable"/>); where a symbol leaves the origin choice or the rhombohedral axes open,
/// the setting the structure fits is kept (cell shape; no atoms closer than <see cref="MinimumSeparation"/>) or the
/// block is refused. Superspace structures are refused.</item>
/// <item>Species from <c>_atom_site_type_symbol</c>, else from the label (<see cref="CifLabels"/>); an unrecognisable
/// one is an <see cref="UnrecognizedSpeciesException"/>.</item>
/// <item>Dummy sites (<c>_atom_site_calc_flag dum</c>, centroid labels), sites of occupancy 0 and placeholder rows
/// (missing or impossible coordinates) are dropped; symmetry images within <see cref="MergeTolerance"/> Å are one
/// site. Partial occupancy is an error unless <see cref="Disorder"/> says otherwise.</item>
/// <item>Whatever is dropped, merged, reinterpreted or inferred is written to the record's
/// <see cref="CrystalRecord.Warnings"/>.</item>
/// </list>
/// </summary>
public sealed class CifReader
{
    /// <summary>Creates a reader.</summary>
    public CifReader(string path, DisorderPolicy disorder = DisorderPolicy.Error)
    {
        Path = path;
        Disorder = disorder;
    }

    /// <summary>The file.</summary>
    public string Path { get; }
    /// <summary>Handling of partially occupied sites.</summary>
    public DisorderPolicy Disorder { get; }
    /// <summary>Symmetry images closer than this (Å) are one site.</summary>
    public double MergeTolerance { get; init; } = 0.01;
    /// <summary>When a symbol leaves the setting open, a setting that puts two atoms closer than this (Å) is rejected.</summary>
    public double MinimumSeparation { get; init; } = 0.5;

    /// <summary>
    /// Reads every data block that has atom sites and returns the readable ones. When some block fails, its
    /// exception (or, for several, a <see cref="StructureFormatException"/> naming each) is thrown after the good
    /// blocks have been returned; <see cref="ReadBlocks"/> gives each block's outcome instead.
    /// </summary>
    public IEnumerable<CrystalRecord> Read()
    {
        var failures = new List<StructureFormatException>();
        foreach (var result in ReadBlocks())
        {
            if (result.Record is not null) yield return result.Record;
            else failures.Add(result.Error!);
        }
        if (failures.Count == 1) throw failures[0];
        if (failures.Count > 1)
            throw new StructureFormatException(Path, null, null,
                $"{failures.Count} data blocks could not be read: " + string.Join("; ", failures.Select(f => f.Message)), failures[0]);
    }

    /// <summary>Each data block with atom sites, read on its own: a record or the reason it failed.</summary>
    public IEnumerable<StructureReadResult> ReadBlocks()
    {
        using var reader = InputFile.OpenText(Path);
        using var blocks = CifParser.Blocks(CifTokenizer.Tokenize(reader)).GetEnumerator();
        int count = 0;
        while (true)
        {
            CifBlock? block = null;
            StructureFormatException? lexical = null;
            try
            {
                if (!blocks.MoveNext()) break;
                block = blocks.Current;
            }
            catch (FormatException e)
            {
                lexical = new StructureFormatException(Path, null, LineOf(e.Message), StripLine(e.Message), e);
            }
            if (block is null)
            {
                // A lexical error (unterminated quote or text field) ends the file: later blocks cannot be delimited.
                count++;
                yield return new StructureReadResult("", null, lexical);
                break;
            }
            if (block.LoopWith("_atom_site_fract_x") is null && block.Error is null) continue;
            count++;
            StructureReadResult result;
            try
            {
                if (block.Error is { } syntax) throw new StructureFormatException(Path, block.Name, syntax.Line, syntax.Message);
                var warnings = new List<string>();
                var crystal = new CifBlockBuilder(this, block, warnings).Build();
                result = new StructureReadResult(block.Name, new CrystalRecord(block.Name, crystal, null) { Warnings = [.. warnings] }, null);
            }
            catch (StructureFormatException e) { result = new StructureReadResult(block.Name, null, e); }
            yield return result;
        }
        if (count == 0) yield return new StructureReadResult("", null, new StructureFormatException(Path, null, null, "no data block with _atom_site_fract_x/y/z sites"));
    }

    private static long? LineOf(string message) =>
        message.StartsWith("line ", StringComparison.Ordinal) && long.TryParse(message[5..message.IndexOf(':')], out var l) ? l : null;

    private static string StripLine(string message) => LineOf(message) is null ? message : message[(message.IndexOf(':') + 2)..];
}
