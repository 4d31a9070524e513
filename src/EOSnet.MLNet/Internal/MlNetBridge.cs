using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet.Internal;

/// <summary>
/// The one place that reaches into ML.NET internals (all of them resolved once, by name, with a clear error when a
/// member is missing): writing a model header and binary streams into a model zip, reading them back, and
/// registering our loaders in a <see cref="ComponentCatalog"/>. Verified with ML.NET 5.x and 6.x (the package depends
/// on [5.0.1,7.0); CI builds and tests against both, see <c>EosNetMLNetVersion</c> in Directory.Packages.props).
/// </summary>
internal static class MlNetBridge
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Lazy<Members> M = new(Resolve);
    private static readonly ConditionalWeakTable<ComponentCatalog, HashSet<string>> Registered = new();

    private sealed record Members(
        MethodInfo SaveCheckAtModel, MethodInfo SetVersionInfo, FieldInfo SaveWriter, MethodInfo SaveBinaryStream,
        Type LoadContextType, MethodInfo LoadCheckAtModel, FieldInfo LoadReader, MethodInfo TryLoadBinaryStream,
        ConstructorInfo VersionInfoCtor, ConstructorInfo LoadableClassAttributeCtor, Type SignatureLoadModel,
        ConstructorInfo LoadableClassInfoCtor, MethodInfo AddClass, PropertyInfo CatalogEnvironment);

    private static Members Resolve()
    {
        var core = typeof(ModelSaveContext).Assembly;
        var data = typeof(MLContext).Assembly;
        Type T(Assembly a, string name) => a.GetType(name) ?? throw Missing(name);
        MethodInfo Mth(Type t, string name, params Type[] args) => t.GetMethod(name, Any, null, args, null) ?? throw Missing($"{t.Name}.{name}");
        FieldInfo Fld(Type t, string name) => t.GetField(name, Any) ?? throw Missing($"{t.Name}.{name}");

        var save = typeof(ModelSaveContext);
        var load = T(core, "Microsoft.ML.ModelLoadContext");
        var versionInfo = T(core, "Microsoft.ML.VersionInfo");
        var lca = T(core, "Microsoft.ML.LoadableClassAttribute");
        var lcaBase = T(core, "Microsoft.ML.LoadableClassAttributeBase");
        var sig = T(core, "Microsoft.ML.SignatureLoadModel");
        var lci = typeof(ComponentCatalog).GetNestedType("LoadableClassInfo", Any) ?? throw Missing("ComponentCatalog.LoadableClassInfo");
        var internalCatalog = T(data, "Microsoft.ML.Data.IInternalCatalog");
        return new Members(
            Mth(save, "CheckAtModel"), Mth(save, "SetVersionInfo", versionInfo), Fld(save, "Writer"),
            Mth(save, "SaveBinaryStream", typeof(string), typeof(Action<BinaryWriter>)),
            load, Mth(load, "CheckAtModel", versionInfo), Fld(load, "Reader"),
            Mth(load, "TryLoadBinaryStream", typeof(string), typeof(Action<BinaryReader>)),
            versionInfo.GetConstructor(Any, null, new[] { typeof(string), typeof(uint), typeof(uint), typeof(uint), typeof(string), typeof(string), typeof(string) }, null) ?? throw Missing("VersionInfo(..)"),
            lca.GetConstructor(Any, null, new[] { typeof(Type), typeof(Type), typeof(Type), typeof(string), typeof(string[]) }, null) ?? throw Missing("LoadableClassAttribute(..)"),
            sig,
            lci.GetConstructor(Any, null, new[] { lcaBase, typeof(MethodInfo), typeof(ConstructorInfo), typeof(MethodInfo), typeof(bool) }, null) ?? throw Missing("LoadableClassInfo(..)"),
            typeof(ComponentCatalog).GetMethod("AddClass", Any) ?? throw Missing("ComponentCatalog.AddClass"),
            internalCatalog.GetProperty("Environment", Any) ?? throw Missing("IInternalCatalog.Environment"));
    }

    /// <summary>The Microsoft.ML major versions this bridge was verified with.</summary>
    internal static readonly int[] VerifiedMajors = { 5, 6 };

    /// <summary>"5.x, 6.x": <see cref="VerifiedMajors"/> as the messages name them.</summary>
    internal static string Supported => string.Join(", ", VerifiedMajors.Select(m => $"{m}.x"));

    /// <summary>
    /// The Microsoft.ML package version loaded (e.g. 6.0.0), from the assembly's informational version ("6.0.0+sha"),
    /// else its file version: ML.NET's assembly version is 1.0.0.0 in every release. Null when neither parses.
    /// </summary>
    internal static Version? LoadedMlNetVersion()
    {
        var assembly = typeof(MLContext).Assembly;
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is not null)
        {
            int cut = informational.IndexOfAny(new[] { '+', '-' });
            if (System.Version.TryParse(cut < 0 ? informational : informational[..cut], out var v)) return v;
        }
        return System.Version.TryParse(assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version, out var file) ? file : null;
    }

    /// <summary>Whether <paramref name="mlNet"/> is a Microsoft.ML major version the bridge was verified with.</summary>
    internal static bool IsVerified(Version? mlNet) => mlNet is not null && VerifiedMajors.Contains(mlNet.Major);

    /// <summary>
    /// The self-check's failure message when internal member <paramref name="member"/> is missing from Microsoft.ML
    /// <paramref name="found"/>: it names the version found and the versions supported, and says so when the major
    /// version is one the bridge was never verified with (7 or later, say).
    /// </summary>
    internal static string MissingMemberMessage(Version? found, string member)
    {
        string version = found is null ? "an unknown version" : found.ToString(3);
        string what = IsVerified(found)
            ? $"EOSnet.MLNet supports Microsoft.ML {Supported}; found {version}, but its internal member '{member}' was not found"
            : $"EOSnet.MLNet supports Microsoft.ML {Supported}; found {version}, a version it was not verified with: its internal member '{member}' was not found";
        return $"{what}, so EOSnet models cannot be saved or loaded with this ML.NET version. Reference Microsoft.ML {VerifiedMajors[^1]}.x (or {VerifiedMajors[0]}.x) instead.";
    }

    private static NotSupportedException Missing(string member) => new(MissingMemberMessage(LoadedMlNetVersion(), member));

    /// <summary>Checks that every reflected member exists (throws <see cref="NotSupportedException"/> otherwise).</summary>
    public static void SelfCheck()
    {
        _ = M.Value;
        SchemaShapeColumns.SelfCheck();
    }

    private static object Version(string modelSignature, uint version, string loaderSignature, Type loaderType) =>
        M.Value.VersionInfoCtor.Invoke(new object?[] { modelSignature, version, version, version, loaderType.Assembly.FullName, loaderSignature, null });

    private static object Invoke(MethodInfo m, object target, params object?[] args)
    {
        try { return m.Invoke(target, args)!; }
        catch (TargetInvocationException e) when (e.InnerException is not null) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw(); throw; }
    }

    /// <summary>Writes the header of a model entry; returns the writer for small parameters.</summary>
    public static BinaryWriter BeginSave(ModelSaveContext ctx, string modelSignature, uint version, string loaderSignature, Type loaderType)
    {
        if (modelSignature.Length != 8) throw new ArgumentException("ML.NET model signatures have exactly 8 characters", nameof(modelSignature));
        Invoke(M.Value.SaveCheckAtModel, ctx);
        Invoke(M.Value.SetVersionInfo, ctx, Version(modelSignature, version, loaderSignature, loaderType));
        return (BinaryWriter)M.Value.SaveWriter.GetValue(ctx)!;
    }

    /// <summary>Writes a named binary stream next to the model entry.</summary>
    public static void SaveBinaryStream(ModelSaveContext ctx, string name, Action<BinaryWriter> write) =>
        Invoke(M.Value.SaveBinaryStream, ctx, name, write);

    /// <summary>Checks the header of a model entry being loaded; returns its reader.</summary>
    public static BinaryReader BeginLoad(object loadContext, string modelSignature, uint version, string loaderSignature, Type loaderType)
    {
        if (!M.Value.LoadContextType.IsInstanceOfType(loadContext))
            throw new ArgumentException($"expected an ML.NET ModelLoadContext, got {loadContext?.GetType().FullName ?? "null"}");
        Invoke(M.Value.LoadCheckAtModel, loadContext, Version(modelSignature, version, loaderSignature, loaderType));
        return (BinaryReader)M.Value.LoadReader.GetValue(loadContext)!;
    }

    /// <summary>Reads a named binary stream; false when the model has no such stream.</summary>
    public static bool TryLoadBinaryStream(object loadContext, string name, Action<BinaryReader> read) =>
        (bool)Invoke(M.Value.TryLoadBinaryStream, loadContext, name, read);

    /// <summary>The host environment behind an ML.NET catalog (e.g. <c>mlContext.Transforms</c>).</summary>
    public static IHostEnvironment EnvironmentOf(object catalog)
    {
        if (catalog is IHostEnvironment env) return env;
        return (IHostEnvironment)M.Value.CatalogEnvironment.GetValue(catalog)!;
    }

    /// <summary>
    /// Adds a loader to the environment's component catalog (idempotent): <paramref name="create"/> is a public static
    /// method <c>(IHostEnvironment env, object ctx)</c> returning the loaded object.
    /// </summary>
    public static void Register(IHostEnvironment env, Type instanceType, string loaderSignature, MethodInfo create)
    {
        var catalog = env.ComponentCatalog;
        var names = Registered.GetOrCreateValue(catalog);
        lock (names)
        {
            if (names.Contains(loaderSignature)) return;
            var m = M.Value;
            var attr = m.LoadableClassAttributeCtor.Invoke(new object?[] { instanceType, null, m.SignatureLoadModel, instanceType.Name, new[] { loaderSignature } });
            var info = m.LoadableClassInfoCtor.Invoke(new object?[] { attr, null, null, create, true });
            Invoke(m.AddClass, catalog, info, new[] { loaderSignature }, false);
            names.Add(loaderSignature);
        }
    }
}
