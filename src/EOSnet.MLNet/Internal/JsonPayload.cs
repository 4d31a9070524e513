using System.Text.Json;
using System.Text.Json.Serialization;

namespace EOSnet.MLNet.Internal;

/// <summary>Options objects are stored in model files as JSON strings (readable, tolerant of added fields).</summary>
internal static class JsonPayload
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write<T>(BinaryWriter writer, T value) => writer.Write(JsonSerializer.Serialize(value, Options));

    public static T Read<T>(BinaryReader reader, string what) =>
        JsonSerializer.Deserialize<T>(reader.ReadString(), Options) ?? throw new InvalidDataException($"{what}: empty options in the model file");

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json, string what) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"{what}: empty options");
}
