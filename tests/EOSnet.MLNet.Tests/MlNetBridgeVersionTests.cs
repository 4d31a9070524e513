using System.Reflection;
using EOSnet.MLNet.Internal;

namespace EOSnet.MLNet.Tests;

/// <summary>The reflection bridge's ML.NET version logic: which versions count as verified, and what its self-check says otherwise.</summary>
public sealed class MlNetBridgeVersionTests
{
    [Fact]
    public void The_loaded_MLNet_is_read_from_the_package_version_not_the_fixed_assembly_version_and_is_verified()
    {
        var loaded = MlNetBridge.LoadedMlNetVersion();
        Assert.NotNull(loaded);
        Assert.NotEqual(new Version(1, 0, 0, 0), loaded); // ML.NET's AssemblyVersion is 1.0.0.0 in every release
        Assert.True(MlNetBridge.IsVerified(loaded), $"Microsoft.ML {loaded} loaded, verified: {MlNetBridge.Supported}");
        // The version this build restored (5.0.1 by default, 6.0.0 with -p:EosNetMLNetVersion=6.0.0) is the one that runs.
        string built = typeof(MlNetBridgeVersionTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "EosNetMLNetVersion").Value!;
        Assert.Equal(Version.Parse(built), loaded);
        MlNetBridge.SelfCheck();
    }

    [Theory]
    [InlineData("5.0.1", true)]
    [InlineData("5.1.0", true)]
    [InlineData("6.0.0", true)]
    [InlineData("6.2.3", true)]
    [InlineData("4.0.2", false)]
    [InlineData("7.0.0", false)]
    [InlineData("8.1.0", false)]
    public void Majors_5_and_6_are_verified(string version, bool verified) =>
        Assert.Equal(verified, MlNetBridge.IsVerified(Version.Parse(version)));

    [Fact]
    public void On_an_unverified_major_the_message_names_the_version_found_and_the_versions_supported()
    {
        string message = MlNetBridge.MissingMemberMessage(new Version(7, 0, 0, 0), "ModelSaveContext.SaveBinaryStream");
        Assert.Contains("found 7.0.0", message);
        Assert.Contains("5.x, 6.x", message);
        Assert.Contains("not verified", message);
        Assert.Contains("'ModelSaveContext.SaveBinaryStream'", message);
    }

    [Fact]
    public void On_a_verified_major_the_message_names_the_version_and_the_missing_member_without_calling_it_unverified()
    {
        string message = MlNetBridge.MissingMemberMessage(new Version(6, 0, 0), "ComponentCatalog.AddClass");
        Assert.Contains("found 6.0.0", message);
        Assert.Contains("5.x, 6.x", message);
        Assert.DoesNotContain("not verified", message);
        Assert.Contains("'ComponentCatalog.AddClass'", message);
        Assert.Contains("an unknown version", MlNetBridge.MissingMemberMessage(null, "X"));
    }
}
