using System.Text.Json.Serialization;

namespace EOSnet.Cli.Bench;

/// <summary>One measured figure of <c>docs/benchmarks.json</c> (the release-check contract).</summary>
public sealed record BenchmarkRecord(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("date")] string Date)
{
    /// <summary>Free-text note (settings, reference comparison); optional, not part of the key.</summary>
    [JsonPropertyName("note")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    /// <summary>Records with the same key replace each other.</summary>
    [JsonIgnore]
    public (string, string, int) Key => (Name, Dataset, Threads);
}
