using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using EOSnet.TestSupport;
using Xunit.Abstractions;

namespace EOSnet.Packaging.Tests;

/// <summary>The packages as a user gets them: their metadata, and a fresh app that restores and runs them.</summary>
public sealed class PackagingTests : IClassFixture<LocalFeed>
{
    private readonly LocalFeed _feed;
    private readonly ITestOutputHelper _log;

    public PackagingTests(LocalFeed feed, ITestOutputHelper log)
    {
        _feed = feed;
        _log = log;
    }

    [Fact]
    public void Packages_carry_docs_readme_licence_symbols_and_the_central_dependency_versions()
    {
        var central = CentralVersions.Read(Path.Combine(_feed.RepositoryRoot, "Directory.Packages.props"));
        foreach (var id in LocalFeed.Packed)
        {
            var entries = _feed.Entries($"{id}.{_feed.Version}.nupkg");
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{id}.pdb", _feed.Entries($"{id}.{_feed.Version}.snupkg"));

            var ns = _feed.Nuspec(id).Root!.GetDefaultNamespace();
            var metadata = _feed.Nuspec(id).Root!.Element(ns + "metadata")!;
            Assert.Equal(id, (string?)metadata.Element(ns + "id"));
            // EOSnet.Crystals embeds spglib's space-group table (BSD-3-Clause) and ships its notice.
            Assert.Equal(id == "EOSnet.Crystals" ? "MIT AND BSD-3-Clause" : "MIT", (string?)metadata.Element(ns + "license"));
            if (id == "EOSnet.Crystals") Assert.Contains("SPGLIB-LICENSE.txt", entries);
            Assert.False(string.IsNullOrWhiteSpace((string?)metadata.Element(ns + "description")));
            Assert.Equal("git", (string?)metadata.Element(ns + "repository")?.Attribute("type"));
            var dependencies = metadata.Descendants(ns + "dependency").ToDictionary(d => (string)d.Attribute("id")!, d => (string)d.Attribute("version")!);
            if (id is not ("EOSnet.Crystals" or LocalFeed.ModelZoo)) Assert.Contains(dependencies.Keys, k => !k.StartsWith("EOSnet.", StringComparison.Ordinal)); // third-party ones kept
            foreach (var (dependency, version) in dependencies)
            {
                string expected = dependency.StartsWith("EOSnet.", StringComparison.Ordinal) ? _feed.Version
                    : central.TryGetValue(dependency, out var v) ? v : throw new Xunit.Sdk.XunitException($"{id} depends on {dependency}, which Directory.Packages.props does not pin");
                Assert.True(CentralVersions.Normalize(expected) == CentralVersions.Normalize(version), $"{id} → {dependency}: nuspec {version}, Directory.Packages.props {expected}");
            }
            _log.WriteLine($"{id}: {string.Join(", ", dependencies.Select(d => $"{d.Key} {d.Value}"))}");
        }
        _log.WriteLine($"packed in {_feed.PackSeconds:F1} s");
    }

    [SharedDataFact]
    public void The_model_zoo_package_carries_the_17_checkpoints_and_the_EosNet_licence_notice()
    {
        string package = Path.Combine(_feed.Feed, $"{LocalFeed.ModelZoo}.{_feed.Version}.nupkg");
        Assert.Contains("LICENSE-EosNet.md", _feed.Entries(Path.GetFileName(package)));
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        var dll = zip.GetEntry($"lib/net10.0/{LocalFeed.ModelZoo}.dll")!;
        using var dllStream = new MemoryStream();
        using (var s = dll.Open()) s.CopyTo(dllStream);
        var checkpoints = Directory.GetFiles(Path.Combine(SharedData.Root!, "models"), "*.model_best.pth.tar");
        Assert.Equal(17, checkpoints.Length);
        dllStream.Position = 0;
        using var pe = new PEReader(dllStream);
        var metadata = pe.GetMetadataReader();
        var resources = metadata.ManifestResources.Select(h => metadata.GetString(metadata.GetManifestResource(h).Name)).ToList();
        foreach (var checkpoint in checkpoints)
            Assert.Contains($"EOSnet.Models.Checkpoints.{Path.GetFileName(checkpoint)}", resources);
        Assert.Contains("EOSnet.Models.LICENSE-EosNet.md", resources);
    }

    /// <summary>
    /// A user's app on ML.NET 5 or 6 (its own Microsoft.ML reference, warnings as errors, so a dependency range that
    /// excluded its ML.NET would fail the restore with NU1608) adds EOSnet.MLNet and runs featurize → train → save →
    /// load → predict.
    /// </summary>
    [SharedDataTheory]
    [InlineData("5.0.1")]
    [InlineData("6.0.0")]
    public void A_fresh_console_app_on_MLNet_trains_saves_loads_and_predicts_with_EOSnet_MLNet_from_the_local_feed(string mlNetVersion)
    {
        string data = SharedData.Data("matbench_perovskites.json.gz");
        Assert.True(File.Exists(data), $"{data} is missing");
        var app = new ConsumerApp(_feed, "EOSnet.MLNet", mlNetVersion);
        Assert.False(app.Directory.StartsWith(_feed.RepositoryRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal), "the app must live outside the repository");
        app.WriteNuGetConfig(UserPackagesFolder());

        var started = DateTime.UtcNow;
        var (code, output) = app.Build();
        Assert.True(code == 0, $"restore/build of the consumer app failed ({code}):\n{output}");
        _log.WriteLine($"restore + build {(DateTime.UtcNow - started).TotalSeconds:F1} s");

        // EOSnet.MLNet and its EOSnet dependencies came from the local feed, at the packed version.
        using (var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(app.Directory, "obj", "project.assets.json"))))
        {
            var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
            foreach (var id in LocalFeed.Projects) Assert.Contains($"{id}/{_feed.Version}", libraries);
            Assert.Contains($"Microsoft.ML/{mlNetVersion}", libraries);
            _log.WriteLine($"ML.NET packages restored: {string.Join(", ", libraries.Where(l => l.StartsWith("Microsoft.ML", StringComparison.Ordinal) && !l.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal)))}");
            // Lean: what ONNX export/scoring and the baseline comparison need lives in EOSnet.MLNet.Onnx and
            // EOSnet.MLNet.Evaluation, so an app that adds only EOSnet.MLNet restores none of it.
            foreach (var heavy in new[] { "Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxTransformer", "Microsoft.ML.FastTree", "Microsoft.ML.LightGbm", "LightGBM/", "OnnxSharp", "EOSnet.MLNet.Onnx", "EOSnet.MLNet.Evaluation" })
                Assert.DoesNotContain(libraries, l => l.StartsWith(heavy, StringComparison.Ordinal));
        }
        foreach (var id in LocalFeed.Projects)
        {
            var metadata = Path.Combine(app.Packages, id.ToLowerInvariant(), _feed.Version, ".nupkg.metadata");
            Assert.True(File.Exists(metadata), $"{id} was not restored into the app's package folder");
            Assert.Equal(Path.TrimEndingDirectorySeparator(_feed.Feed), Path.TrimEndingDirectorySeparator(JsonDocument.Parse(File.ReadAllText(metadata)).RootElement.GetProperty("source").GetString()!));
        }

        started = DateTime.UtcNow;
        const int structures = 24;
        (code, output) = app.Run(data, structures.ToString(CultureInfo.InvariantCulture));
        _log.WriteLine($"featurize, train 1 epoch, save, load, predict: {(DateTime.UtcNow - started).TotalSeconds:F1} s");
        Assert.True(code == 0, $"the consumer app failed ({code}):\n{output}");
        Assert.Contains("consumer finished", output);
        Assert.Contains($"Microsoft.ML {mlNetVersion}", output); // the app ran on the ML.NET it asked for
        var predictions = output.Split('\n').Where(l => l.StartsWith("prediction ", StringComparison.Ordinal)).Select(l => l.Trim().Split(' ')).ToList();
        Assert.Equal(structures, predictions.Count);
        foreach (var p in predictions)
        {
            float before = float.Parse(p[2], CultureInfo.InvariantCulture), after = float.Parse(p[3], CultureInfo.InvariantCulture);
            Assert.True(float.IsFinite(before), $"{p[1]}: prediction {p[2]}");
            Assert.Equal(before, after); // the reloaded model predicts what the trained one did, bit for bit
        }
        Assert.True(predictions.Select(p => p[2]).Distinct().Count() > 1, "every structure got the same prediction");
    }

    private static string UserPackagesFolder()
    {
        var (code, output) = DotnetCli.Run(Path.GetTempPath(), null, TimeSpan.FromMinutes(1), "nuget", "locals", "global-packages", "--list");
        Assert.True(code == 0, output);
        return output.Trim().Split("global-packages:", 2)[1].Trim();
    }
}
