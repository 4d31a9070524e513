namespace EOSnet.Crystals;

/// <summary>A structure that is well-formed text but physically or numerically invalid (degenerate cell, NaN, …).</summary>
public class InvalidStructureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidStructureException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// A failure to read a structure file. Always names the file and, where known, the record (data block, frame,
/// row id) and the 1-based line.
/// </summary>
public class StructureFormatException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with "file[, record][, line]".</summary>
    public StructureFormatException(string? file, string? record, long? line, string reason, Exception? inner = null)
        : base(Compose(file, record, line, reason), inner)
    {
        File = file;
        Record = record;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file being read (or a description of the stream).</summary>
    public string? File { get; }
    /// <summary>The record at fault: CIF data block, extxyz frame, JSON row id, …</summary>
    public string? Record { get; }
    /// <summary>1-based line number, when the format is line oriented.</summary>
    public long? Line { get; }
    /// <summary>The reason without the location prefix.</summary>
    public string Reason { get; }

    private static string Compose(string? file, string? record, long? line, string reason)
    {
        var parts = new List<string>(3);
        if (!string.IsNullOrEmpty(file)) parts.Add(file);
        if (!string.IsNullOrEmpty(record)) parts.Add($"record '{record}'");
        if (line is not null) parts.Add($"line {line}");
        return parts.Count == 0 ? reason : $"{string.Join(", ", parts)}: {reason}";
    }
}

/// <summary>A structure with partially occupied sites, which cannot be fingerprinted unless a policy resolves it.</summary>
public sealed class DisorderedStructureException : StructureFormatException
{
    /// <summary>Creates the exception.</summary>
    public DisorderedStructureException(string? file, string? record, long? line, string reason)
        : base(file, record, line, reason) { }
}

/// <summary>A label or type symbol that names no element in any recognised way.</summary>
public sealed class UnrecognizedSpeciesException : StructureFormatException
{
    /// <summary>Creates the exception.</summary>
    public UnrecognizedSpeciesException(string? file, string? record, long? line, string label)
        : base(file, record, line, $"'{label}' names no element (add _atom_site_type_symbol, or use an element symbol in the label)")
    {
        Label = label;
    }

    /// <summary>The label or type symbol as written.</summary>
    public string Label { get; }
}
