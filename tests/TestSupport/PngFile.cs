namespace EOSnet.TestSupport;

/// <summary>Checks that a file is a PNG image and reads its size from the IHDR chunk.</summary>
public static class PngFile
{
    private static readonly byte[] Signature = { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>Asserts the PNG signature, an IHDR first chunk, an IEND last chunk and a size of more than 1,000 bytes; returns width and height.</summary>
    public static (int Width, int Height) Size(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var b = File.ReadAllBytes(path);
        Assert.True(b.Length > 1000, $"{path}: {b.Length} bytes, too small to hold a plot");
        Assert.Equal(Signature, b[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(b, 12, 4));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(b, b.Length - 8, 4));
        return (BigEndian(b, 16), BigEndian(b, 20));
    }

    private static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
