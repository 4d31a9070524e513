using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EOSnet.Packaging.Tests;

/// <summary>
/// A console application written into a temporary folder outside the repository that references EOSnet.MLNet as a
/// package: its NuGet.config adds the local feed to the user's sources, maps EOSnet.* to that feed only, keeps the
/// packages it restores in a folder of its own and falls back to the user's package folder for everything else.
/// </summary>
internal sealed partial class ConsumerApp
{
    private readonly LocalFeed _feed;

    public ConsumerApp(LocalFeed feed, string packageId, string mlNetVersion)
    {
        _feed = feed;
        MlNetVersion = mlNetVersion;
        Directory = System.IO.Directory.CreateDirectory(Path.Combine(feed.Root, $"app-mlnet-{mlNetVersion}")).FullName;
        Packages = Path.Combine(feed.Root, "packages");
        // Nothing above the app (a Directory.Build.props in /tmp, say) may change its build.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(Directory, name), "<Project />\n");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "ConsumerApp", "Program.cs"), Path.Combine(Directory, "Program.cs"), overwrite: true);
        File.WriteAllText(Path.Combine(Directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <!-- libtorch and ONNX Runtime natives (~800 MB) are hard-linked from the package folders, not copied. -->
                <CreateHardLinksForCopyLocalIfPossible>true</CreateHardLinksForCopyLocalIfPossible>
                <CreateHardLinksForCopyFilesToOutputDirectoryIfPossible>true</CreateHardLinksForCopyFilesToOutputDirectoryIfPossible>
                <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
                <!-- As strict as a user's build can be: a dependency range that excludes the app's ML.NET (NU1608) fails it. -->
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <!-- The user's own ML.NET, chosen before adding EOSnet.MLNet. -->
                <PackageReference Include="Microsoft.ML" Version="{mlNetVersion}" />
                <PackageReference Include="{packageId}" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
    }

    public string Directory { get; }
    /// <summary>The Microsoft.ML version the app references itself.</summary>
    public string MlNetVersion { get; }
    /// <summary>The app's own global packages folder (NUGET_PACKAGES), where the EOSnet packages land.</summary>
    public string Packages { get; }

    private Dictionary<string, string> Environment => new() { ["NUGET_PACKAGES"] = Packages };

    /// <summary>Writes NuGet.config: the local feed plus every source the user's configuration already has, with source mapping.</summary>
    public void WriteNuGetConfig(string userPackagesFolder)
    {
        WriteConfig(Array.Empty<string>(), userPackagesFolder);
        // The sources this folder inherits (the user's, e.g. a registry mirror) take every package but EOSnet.*.
        var (code, output) = DotnetCli.Run(Directory, Environment, TimeSpan.FromMinutes(1), "nuget", "list", "source", "--format", "Detailed");
        Assert.True(code == 0, output);
        var inherited = SourceLine().Matches(output).Select(m => m.Groups[1].Value).Where(k => k != "eosnet-local").ToList();
        WriteConfig(inherited, userPackagesFolder);
    }

    private void WriteConfig(IReadOnlyList<string> inheritedSources, string userPackagesFolder)
    {
        var mapping = new XElement("packageSourceMapping",
            new XElement("packageSource", new XAttribute("key", "eosnet-local"), new XElement("package", new XAttribute("pattern", "EOSnet.*"))),
            inheritedSources.Select(k => new XElement("packageSource", new XAttribute("key", k), new XElement("package", new XAttribute("pattern", "*")))));
        new XDocument(new XElement("configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", "eosnet-local"), new XAttribute("value", _feed.Feed))),
            new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "user-packages"), new XAttribute("value", userPackagesFolder))),
            mapping)).Save(Path.Combine(Directory, "NuGet.config"));
    }

    /// <summary>dotnet build (restore included).</summary>
    public (int Code, string Output) Build() =>
        DotnetCli.Run(Directory, Environment, TimeSpan.FromMinutes(8), "build", "-c", "Release", "--disable-build-servers", "-nologo", "-v", "q", "-clp:ErrorsOnly");

    /// <summary>Runs the built program.</summary>
    public (int Code, string Output) Run(params string[] args) =>
        DotnetCli.Run(Directory, Environment, TimeSpan.FromMinutes(5), new[] { "bin/Release/net10.0/Consumer.dll" }.Concat(args).ToArray());

    [GeneratedRegex(@"^\s*\d+\.\s+(\S.*?)\s+\[(?:Enabled|Disabled)\]", RegexOptions.Multiline)]
    private static partial Regex SourceLine();
}
