using System.IO.Compression;
using Microsoft.ML;

namespace EOSnet.MLNet;

/// <summary>Loading ML.NET model files that contain EOSnet components, with clear errors.</summary>
public static class ModelOperationsExtensions
{
    /// <summary>
    /// Registers EOSnet's loaders with the context behind <paramref name="catalog"/> and loads a model zip. Failures
    /// are reported as <see cref="EosNetModelLoadException"/> saying what is wrong with the file (not a zip, not an
    /// ML.NET model, truncated or corrupted, written by an incompatible version).
    /// </summary>
    /// <param name="catalog">The context's model catalog (<c>mlContext.Model</c>).</param>
    /// <param name="stream">The model zip.</param>
    /// <param name="inputSchema">The schema the model was saved with.</param>
    public static ITransformer LoadWithEosNet(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(stream);
        var env = Internal.MlNetBridge.EnvironmentOf(catalog);
        Internal.MlNetBridge.SelfCheck();
        Internal.EosNetRegistration.Register(env);
        var seekable = stream.CanSeek ? stream : Copy(stream);
        long start = seekable.Position;
        Diagnose(seekable, "model stream");
        seekable.Position = start;
        try
        {
            return catalog.Load(seekable, out inputSchema);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or InvalidDataException or EndOfStreamException or IOException)
        {
            throw new EosNetModelLoadException($"model stream: the ML.NET model could not be loaded ({Innermost(ex)}); the file may be corrupted or written by an incompatible version", ex);
        }
    }

    /// <summary>Loads a model zip from a file (see <see cref="LoadWithEosNet(ModelOperationsCatalog, Stream, out DataViewSchema)"/>).</summary>
    /// <param name="catalog">The context's model catalog (<c>mlContext.Model</c>).</param>
    /// <param name="path">The model zip.</param>
    /// <param name="inputSchema">The schema the model was saved with.</param>
    public static ITransformer LoadWithEosNet(this ModelOperationsCatalog catalog, string path, out DataViewSchema inputSchema)
    {
        if (!File.Exists(path)) throw new EosNetModelLoadException($"{path}: model file not found");
        using var fs = File.OpenRead(path);
        try { return LoadWithEosNet(catalog, fs, out inputSchema); }
        catch (EosNetModelLoadException ex) { throw new EosNetModelLoadException(ex.Message.Replace("model stream", path, StringComparison.Ordinal), ex.InnerException); }
    }

    private static MemoryStream Copy(Stream s)
    {
        var ms = new MemoryStream();
        s.CopyTo(ms);
        ms.Position = 0;
        return ms;
    }

    private static void Diagnose(Stream s, string what)
    {
        try
        {
            using var zip = new ZipArchive(s, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            if (!names.Any(n => n.EndsWith("Model.key", StringComparison.Ordinal) || n.EndsWith("/Model", StringComparison.Ordinal) || n == "Model"))
                throw new EosNetModelLoadException($"{what}: a zip file but not an ML.NET model (entries: {string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", …" : "")})");
            foreach (var e in zip.Entries)
            {
                using var es = e.Open();
                es.CopyTo(Stream.Null); // verifies each entry's CRC
            }
        }
        catch (InvalidDataException ex)
        {
            throw new EosNetModelLoadException($"{what}: not a valid ML.NET model zip ({ex.Message})", ex);
        }
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex.Message;
    }
}

/// <summary>A model file could not be loaded; the message names the file and the reason.</summary>
public sealed class EosNetModelLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EosNetModelLoadException(string message, Exception? inner = null) : base(message, inner) { }
}
