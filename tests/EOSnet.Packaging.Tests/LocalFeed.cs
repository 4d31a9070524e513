using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using EOSnet.TestSupport;

namespace EOSnet.Packaging.Tests;

/// <summary>
/// Packs EOSnet.MLNet and the projects it depends on (no build: build.sh, or this project's references, have built
/// them) into a temporary feed, under a version of its own so no package cache can serve a stale copy.
/// </summary>
public sealed class LocalFeed : IDisposable
{
    /// <summary>EOSnet.MLNet and the projects it depends on, dependencies first (what the consumer app restores).</summary>
    public static readonly string[] Projects = { "EOSnet.Crystals", "EOSnet.Featurization", "EOSnet.Model", "EOSnet.MLNet" };

    /// <summary>The model zoo package: packed only where ../shared/models is there to embed (its pack refuses otherwise).</summary>
    public const string ModelZoo = "EOSnet.Models";

    /// <summary>Every packed project: <see cref="Projects"/>, then <see cref="ModelZoo"/> when the shared data is present.</summary>
    public static IReadOnlyList<string> Packed => SharedData.Available ? Projects.Append(ModelZoo).ToArray() : Projects;

    /// <summary>Packs into a new temporary folder.</summary>
    public LocalFeed()
    {
        RepositoryRoot = Repository.Root;
        Root = Directory.CreateTempSubdirectory("eosnet-packaging-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        Version = $"0.0.0-packagingtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        string configuration = typeof(LocalFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        // A solution filter: one pack command for the four projects.
        string filter = Path.Combine(Root, "packages.slnf");
        File.WriteAllText(filter, System.Text.Json.JsonSerializer.Serialize(new
        {
            solution = new { path = Path.Combine(RepositoryRoot, "EOSnet.MLNet.sln"), projects = Packed.Select(p => $"src/{p}/{p}.csproj").ToArray() },
        }));
        var started = DateTime.UtcNow;
        var (code, output) = DotnetCli.Run(Root, null, TimeSpan.FromMinutes(5), "pack", filter, "-c", configuration, "--no-build", "--no-restore", "--disable-build-servers",
            "-nologo", $"-p:PackageVersion={Version}", "-o", Feed);
        PackSeconds = (DateTime.UtcNow - started).TotalSeconds;
        if (code != 0) throw new InvalidOperationException($"dotnet pack failed ({code}):\n{output}");
    }

    /// <summary>The repository (the folder of EOSnet.MLNet.sln).</summary>
    public string RepositoryRoot { get; }
    /// <summary>Temporary folder holding the feed and whatever a test puts beside it; removed on dispose.</summary>
    public string Root { get; }
    /// <summary>The feed folder (.nupkg and .snupkg files).</summary>
    public string Feed { get; }
    /// <summary>The version every package was packed with.</summary>
    public string Version { get; }
    /// <summary>Wall time of the pack command.</summary>
    public double PackSeconds { get; }

    /// <summary>The .nuspec inside a package of the feed.</summary>
    public XDocument Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(Feed, $"{id}.{Version}.nupkg"));
        using var stream = zip.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The entry names of a package of the feed.</summary>
    public IReadOnlyList<string> Entries(string file)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(Feed, file));
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
