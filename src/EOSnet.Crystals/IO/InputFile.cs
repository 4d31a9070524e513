using System.IO.Compression;
using System.Text;

namespace EOSnet.Crystals.IO;

/// <summary>Opens structure files, decompressing gzip transparently (detected by its magic bytes, not the name).</summary>
public static class InputFile
{
    /// <summary>Opens a file for reading; a gzip file is decompressed on the fly.</summary>
    public static Stream Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Decompressed(fs);
    }

    /// <summary>Wraps a stream, decompressing it when it starts with the gzip magic bytes.</summary>
    public static Stream Decompressed(Stream stream)
    {
        var buffered = stream.CanSeek ? stream : new BufferedStream(stream, 1 << 16);
        if (!buffered.CanSeek)
            throw new ArgumentException("stream must be seekable to detect compression", nameof(stream));
        long start = buffered.Position;
        int b0 = buffered.ReadByte(), b1 = buffered.ReadByte();
        buffered.Position = start;
        return b0 == 0x1f && b1 == 0x8b ? new BufferedStream(new GZipStream(buffered, CompressionMode.Decompress), 1 << 16) : buffered;
    }

    /// <summary>Opens a text reader (UTF-8, BOM detected) over a possibly gzip-compressed file.</summary>
    public static TextReader OpenText(string path) => new StreamReader(Open(path), new UTF8Encoding(false, false), true, 1 << 16);

    /// <summary>The name without directories and compression/format extensions ("a/b/mp-1.cif.gz" → "mp-1").</summary>
    public static string Stem(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
        var ext = Path.GetExtension(name);
        return string.IsNullOrEmpty(ext) ? name : name[..^ext.Length];
    }
}
