namespace EOSnet.Packaging.Tests;

/// <summary>The checkout the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder of EOSnet.MLNet.sln above the test assembly.</summary>
    public static readonly string Root = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EOSnet.MLNet.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (EOSnet.MLNet.sln) not found above " + AppContext.BaseDirectory);
    }
}
