using EOSnet.TestSupport;
using SkiaSharp;

namespace EOSnet.MLNet.Plots.Tests;

/// <summary>A rendered plot checked as a PNG file and decoded to pixels.</summary>
internal static class PlotImage
{
    /// <summary>Asserts a valid PNG of the given size whose pixels are not one flat colour; returns its distinct colours.</summary>
    public static int AssertPlot(string path, int width, int height)
    {
        Assert.Equal((width, height), PngFile.Size(path));
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        int colours = bitmap.Pixels.Distinct().Count();
        Assert.True(colours > 20, $"{path}: only {colours} distinct colours, not a drawn plot");
        return colours;
    }

    /// <summary>Number of pixels within <paramref name="tolerance"/> of a colour (per channel).</summary>
    public static int CountNear(string path, SKColor colour, int tolerance = 12)
    {
        using var bitmap = SKBitmap.Decode(path);
        return bitmap.Pixels.Count(p => Math.Abs(p.Red - colour.Red) <= tolerance && Math.Abs(p.Green - colour.Green) <= tolerance
            && Math.Abs(p.Blue - colour.Blue) <= tolerance);
    }
}
