using Microsoft.ML;

namespace EOSnet.MLNet.Internal;

/// <summary>A network's own file format stored as one length-prefixed binary stream of an ML.NET model zip.</summary>
internal static class NetworkStreams
{
    /// <summary>Writes what <paramref name="save"/> writes into the stream <paramref name="name"/>.</summary>
    public static void Save(ModelSaveContext ctx, string name, Action<Stream> save)
    {
        using var ms = new MemoryStream();
        save(ms);
        var bytes = ms.ToArray();
        MlNetBridge.SaveBinaryStream(ctx, name, w => { w.Write(bytes.Length); w.Write(bytes); });
    }

    /// <summary>Reads the stream <paramref name="name"/> with <paramref name="load"/>; an absent stream is an <see cref="InvalidDataException"/> saying <paramref name="missing"/>.</summary>
    public static T Load<T>(object ctx, string name, Func<Stream, T> load, string missing) where T : class
    {
        T? result = null;
        if (!MlNetBridge.TryLoadBinaryStream(ctx, name, r =>
            {
                int length = r.ReadInt32();
                if (length < 0 || length > 1 << 30) throw new InvalidDataException($"EOSnet network stream '{name}' has an invalid length");
                result = load(new MemoryStream(r.ReadBytes(length)));
            }) || result is null)
            throw new InvalidDataException(missing);
        return result;
    }
}
