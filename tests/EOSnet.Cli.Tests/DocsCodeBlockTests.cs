using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EOSnet.Cli.Tests;

/// <summary>
/// Every <c>```csharp</c> block in README.md and docs/*.md claims to compile: each is compiled as a program (top-level
/// statements, the SDK's implicit usings) against the EOSnet and ML.NET assemblies. Blocks that are fragments use
/// another fence (<c>```cs-fragment</c>) and are not compiled.
/// </summary>
public partial class DocsCodeBlockTests
{
    [GeneratedRegex(@"^```csharp[ \t]*\r?\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EOSnet.MLNet.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public static IEnumerable<object[]> Blocks()
    {
        string root = RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").OrderBy(f => f, StringComparer.Ordinal));
        foreach (var file in files)
        {
            int index = 0;
            foreach (Match m in CSharpBlock().Matches(File.ReadAllText(file)))
                yield return new object[] { Path.GetRelativePath(root, file), index++, m.Groups[1].Value };
        }
    }

    [Fact]
    public void The_docs_have_compiled_examples() => Assert.True(Blocks().Count() >= 3, $"only {Blocks().Count()} csharp blocks found");

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Code_block_compiles(string file, int index, string code)
    {
        const string implicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;";
        var trees = new[] { CSharpSyntaxTree.ParseText(code, path: $"{file}#{index}"), CSharpSyntaxTree.ParseText(implicitUsings) };
        var compilation = CSharpCompilation.Create($"DocBlock{index}", trees, References.Value, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(result.Success, $"{file} block {index} does not compile:\n{string.Join("\n", errors)}\n---\n{code}");
    }

    private static readonly Lazy<List<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        foreach (var dll in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        {
            try { AssemblyName.GetAssemblyName(dll); paths.Add(dll); } catch (BadImageFormatException) { }
        }
        return paths.Distinct().GroupBy(Path.GetFileName).Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First())).ToList();
    });
}
