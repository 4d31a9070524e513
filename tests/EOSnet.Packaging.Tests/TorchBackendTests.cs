using System.Text.Json;

namespace EOSnet.Packaging.Tests;

/// <summary>
/// EosNetTorchBackend (src/EOSnet.Model) picks the libtorch natives at build time. Checked on the evaluated project
/// (dotnet msbuild -getItem, no restore), so the CUDA package, which this machine's feed does not serve, is never fetched.
/// </summary>
public sealed class TorchBackendTests
{
    private static readonly string ModelProject = Path.Combine(Repository.Root, "src", "EOSnet.Model", "EOSnet.Model.csproj");

    [Theory]
    [InlineData(null, "cpu", "libtorch-cpu-linux-x64", "libtorch-cuda-12.8-linux-x64")]
    [InlineData("cpu", "cpu", "libtorch-cpu-linux-x64", "libtorch-cuda-12.8-linux-x64")]
    [InlineData("cuda", "cuda", "libtorch-cuda-12.8-linux-x64", "libtorch-cpu-linux-x64")]
    public void The_backend_property_swaps_the_libtorch_natives(string? backend, string effective, string expected, string absent)
    {
        using var evaluation = Evaluate(backend is null ? Array.Empty<string>() : new[] { $"-p:EosNetTorchBackend={backend}" });
        var root = evaluation.RootElement;
        Assert.Equal(effective, root.GetProperty("Properties").GetProperty("EosNetTorchBackend").GetString());
        var references = root.GetProperty("Items").GetProperty("PackageReference").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!).ToList();
        Assert.Contains("TorchSharp", references);
        Assert.Contains(expected, references);
        Assert.DoesNotContain(absent, references);
        Assert.Single(references, r => r.StartsWith("libtorch-", StringComparison.Ordinal));

        // Central versions: TorchSharp 0.107.0 is built against libtorch 2.10.0, CPU or CUDA 12.8.
        var versions = root.GetProperty("Items").GetProperty("PackageVersion").EnumerateArray()
            .ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty("Version").GetString()!);
        Assert.Equal("0.107.0", versions["TorchSharp"]);
        Assert.Equal("2.10.0", versions[expected]);
    }

    [Fact]
    public void An_unknown_backend_is_a_build_error()
    {
        var (code, output) = DotnetCli.Run(Path.GetDirectoryName(ModelProject)!, null, TimeSpan.FromMinutes(2),
            "msbuild", ModelProject, "-t:CheckEosNetTorchBackend", "-p:EosNetTorchBackend=rocm", "-nologo");
        Assert.NotEqual(0, code);
        Assert.Contains("EosNetTorchBackend is 'rocm'; use cpu (default) or cuda.", output);
    }

    private static JsonDocument Evaluate(IEnumerable<string> properties)
    {
        var args = new[] { "msbuild", ModelProject, "-getProperty:EosNetTorchBackend", "-getItem:PackageReference", "-getItem:PackageVersion", "-nologo" }.Concat(properties).ToArray();
        var (code, output) = DotnetCli.Run(Path.GetDirectoryName(ModelProject)!, null, TimeSpan.FromMinutes(2), args);
        Assert.True(code == 0, output);
        return JsonDocument.Parse(output);
    }
}
