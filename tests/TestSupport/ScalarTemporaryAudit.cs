using System.Reflection;
using System.Reflection.Emit;

namespace EOSnet.TestSupport;

/// <summary>A place in compiled code that hands libtorch a <c>TorchSharp.Scalar</c> that nobody owns.</summary>
/// <param name="Method">The method of the audited assembly, as Type.Method.</param>
/// <param name="Offset">IL offset of the call.</param>
/// <param name="Reason">What makes the temporary: the conversion, or the TorchSharp call path that makes one.</param>
public sealed record ScalarFinding(string Method, int Offset, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Method} (IL_{Offset:x4}): {Reason}";
}

/// <summary>
/// Finds, in compiled code, every <c>TorchSharp.Scalar</c> that only a finalizer would free: a number converted to a
/// Scalar (implicitly, with <c>ToScalar()</c>, or any call that returns a Scalar) whose result is not stored at once in
/// a field (owned by the object or the process) or in a local that the method disposes (<c>using</c>), and every call
/// into TorchSharp whose own code, followed call by call inside TorchSharp, makes such a temporary (for example
/// <c>Tensor.add(Tensor)</c>, which is <c>add(target, 1)</c>, or BatchNorm's <c>num_batches_tracked.add_(1)</c>).
/// Virtual calls into TorchSharp (a module's <c>forward</c>) are followed into the overrides of every TorchSharp type
/// the calling code holds, and methods turned into delegates (<c>ldftn</c>: lambdas such as the body of an optimizer's
/// step) are followed as if called. Not followed: calls through interfaces or delegates whose target is chosen at run
/// time elsewhere, and native code. TorchSharp 0.107 frees such Scalars from the finalizer thread, sometimes while their own
/// native call is still running (docs/reliability.md, "Native calls under garbage collection").
/// </summary>
public sealed class ScalarTemporaryAudit
{
    private const string ScalarTypeName = "TorchSharp.Scalar";
    private const string TensorTypeName = "TorchSharp.torch+Tensor";
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
    private readonly Dictionary<MethodBase, string?> _torchSharpPaths = new();

    /// <summary>Fails the calling test, listing every finding, when <paramref name="assembly"/> has any.</summary>
    public static void AssertNone(Assembly assembly)
    {
        var findings = new ScalarTemporaryAudit().Audit(assembly);
        Assert.True(findings.Count == 0, $"temporary Scalars in {assembly.GetName().Name} (own them, or replace the TorchSharp helper):\n" + string.Join("\n", findings));
    }

    /// <summary>Every finding in every method, constructor and lambda of <paramref name="assembly"/>.</summary>
    public IReadOnlyList<ScalarFinding> Audit(Assembly assembly) => Audit(assembly.GetTypes());

    /// <summary>Every finding in the methods, constructors and lambdas declared by <paramref name="types"/> (nested types included).</summary>
    public IReadOnlyList<ScalarFinding> Audit(IEnumerable<Type> types)
    {
        var all = types.SelectMany(WithNested).Distinct().ToList();
        var methods = all.SelectMany(t => t.GetMethods(Everything).Cast<MethodBase>().Concat(t.GetConstructors(Everything))).ToList();
        var findings = new List<ScalarFinding>();
        foreach (var method in methods)
        {
            var code = IlReader.Read(method);
            var disposed = DisposedLocals(method, code);
            var receivers = ReceiverTypes(method, code);
            for (int k = 0; k < code.Count; k++)
            {
                bool delegateTarget = IlReader.IsDelegateTarget(code[k]);
                if (!(IlReader.IsCall(code[k]) || delegateTarget) || IlReader.ResolveMethod(method, code[k]) is not { } target) continue;
                string where = $"{method.DeclaringType?.FullName}.{method.Name}";
                if (CreatesScalar(target) && !delegateTarget)
                {
                    if (!IsOwned(code, k, disposed)) findings.Add(new(where, code[k].Offset, $"temporary Scalar from {Describe(target)}"));
                }
                else if (IsTorchSharp(target))
                {
                    foreach (var candidate in Implementations(target, code[k].OpCode, receivers))
                        if (TorchSharpPath(candidate) is { } path)
                            findings.Add(new(where, code[k].Offset, $"calls {path}"));
                }
            }
        }
        return findings;
    }

    /// <summary>
    /// Tensors that only a finalizer would free while code runs outside any DisposeScope: in every method of
    /// <paramref name="types"/> that opens no scope itself (<c>NewDisposeScope</c>), each TorchSharp call that returns a
    /// Tensor whose result is not stored at once in a field, returned, or kept in a local the method disposes. Such a
    /// temporary can be freed under the next native call that uses it, as a Scalar can. Methods that only ever run
    /// inside their caller's scope are the caller's to list in <paramref name="insideCallersScope"/> (prefixes of
    /// Type.Method, so that compiler-generated lambdas and local functions can be named).
    /// </summary>
    public IReadOnlyList<ScalarFinding> UnscopedTensors(IEnumerable<Type> types, ISet<string> insideCallersScope)
    {
        var findings = new List<ScalarFinding>();
        foreach (var method in types.SelectMany(WithNested).Distinct().SelectMany(t => t.GetMethods(Everything).Cast<MethodBase>().Concat(t.GetConstructors(Everything))))
        {
            string where = $"{method.DeclaringType?.FullName}.{method.Name}";
            if (insideCallersScope.Any(entry => where.StartsWith(entry, StringComparison.Ordinal))) continue;
            var code = IlReader.Read(method);
            var calls = code.Select(i => IlReader.IsCall(i) ? IlReader.ResolveMethod(method, i) : null).ToList();
            if (calls.Any(c => c?.Name == "NewDisposeScope")) continue;
            var disposed = DisposedLocals(method, code);
            for (int k = 0; k < code.Count; k++)
            {
                if (calls[k] is not MethodInfo target || !IsTorchSharp(target) || target.ReturnType.FullName != TensorTypeName) continue;
                if (target.Name.EndsWith('_')) continue; // in-place operations return the tensor they were called on
                var next = k + 1 < code.Count ? code[k + 1] : default;
                bool kept = next.OpCode == OpCodes.Ret || next.OpCode == OpCodes.Stfld || next.OpCode == OpCodes.Stsfld
                    || (next.OpCode.Name?.StartsWith("stloc", StringComparison.Ordinal) == true && disposed.Contains(IlReader.LocalIndex(next)!.Value));
                if (!kept) findings.Add(new(where, code[k].Offset, $"temporary Tensor from {Describe(target)} outside any DisposeScope"));
            }
        }
        return findings;
    }

    private static IEnumerable<Type> WithNested(Type t) => new[] { t }.Concat(t.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested));

    /// <summary>The TorchSharp call path from <paramref name="method"/> to an unowned Scalar, or null when it makes none.</summary>
    public string? TorchSharpPath(MethodBase method)
    {
        if (_torchSharpPaths.TryGetValue(method, out var known)) return known;
        _torchSharpPaths[method] = null; // in progress: a cycle adds nothing new
        string? found = null;
        var code = IlReader.Read(method);
        var disposed = DisposedLocals(method, code);
        for (int k = 0; k < code.Count && found is null; k++)
        {
            bool delegateTarget = IlReader.IsDelegateTarget(code[k]);
            if (!(IlReader.IsCall(code[k]) || delegateTarget) || IlReader.ResolveMethod(method, code[k]) is not { } target) continue;
            if (CreatesScalar(target) && !delegateTarget)
            {
                if (!IsOwned(code, k, disposed)) found = $"{Describe(method)} → temporary from {Describe(target)}";
            }
            else if (IsTorchSharp(target) && TorchSharpPath(target) is { } deeper) found = $"{Describe(method)} → {deeper}";
        }
        return _torchSharpPaths[method] = found;
    }

    /// <summary>Short readable name: Type.Method(ParamType, …).</summary>
    public static string Describe(MethodBase m) =>
        $"{m.DeclaringType?.Name}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";

    private static bool IsTorchSharp(MethodBase m) => m.Module.Assembly.GetName().Name == "TorchSharp";

    private static bool CreatesScalar(MethodBase m) =>
        m is ConstructorInfo c ? c.DeclaringType?.FullName == ScalarTypeName : ((MethodInfo)m).ReturnType.FullName == ScalarTypeName;

    /// <summary>The Scalar made by instruction k is stored at once in a field, or in a local the method disposes.</summary>
    private static bool IsOwned(IReadOnlyList<IlInstruction> code, int k, HashSet<int> disposed)
    {
        if (k + 1 >= code.Count) return false;
        var next = code[k + 1];
        if (next.OpCode == OpCodes.Dup && k + 2 < code.Count) next = code[k + 2];
        if (next.OpCode == OpCodes.Stfld || next.OpCode == OpCodes.Stsfld) return true;
        return next.OpCode.Name!.StartsWith("stloc", StringComparison.Ordinal) && disposed.Contains(IlReader.LocalIndex(next)!.Value);
    }

    /// <summary>Locals that are loaded right before a call to Dispose (what <c>using</c> compiles to).</summary>
    private static HashSet<int> DisposedLocals(MethodBase method, IReadOnlyList<IlInstruction> code)
    {
        var result = new HashSet<int>();
        for (int k = 0; k + 1 < code.Count; k++)
        {
            if (IlReader.LocalIndex(code[k]) is not int local || !code[k].OpCode.Name!.StartsWith("ldloc", StringComparison.Ordinal)) continue;
            var next = code[k + 1];
            if (next.OpCode == OpCodes.Constrained && k + 2 < code.Count) next = code[k + 2];
            if ((next.OpCode == OpCodes.Callvirt || next.OpCode == OpCodes.Call) && IlReader.ResolveMethod(method, next)?.Name == "Dispose") result.Add(local);
        }
        return result;
    }

    /// <summary>The method a call reaches: itself, and for a virtual call the overrides in the TorchSharp types in use.</summary>
    private static IEnumerable<MethodBase> Implementations(MethodBase target, OpCode op, IReadOnlyCollection<Type> usedTypes)
    {
        yield return target;
        if (op != OpCodes.Callvirt || !target.IsVirtual || target is not MethodInfo info) yield break;
        var baseDefinition = info.GetBaseDefinition();
        foreach (var type in usedTypes)
        {
            if (target.DeclaringType is null || !target.DeclaringType.IsAssignableFrom(type)) continue;
            foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
                if (m.Name == target.Name && m.DeclaringType != target.DeclaringType && m.GetBaseDefinition().MetadataToken == baseDefinition.MetadataToken
                    && m.GetBaseDefinition().Module == baseDefinition.Module && m.GetMethodBody() is not null)
                    yield return m;
        }
    }

    /// <summary>
    /// The TorchSharp types a method can call virtually: those its class (or, for a lambda, the classes around it)
    /// holds in fields, those in its locals, and those TorchSharp calls in it return.
    /// </summary>
    private static HashSet<Type> ReceiverTypes(MethodBase method, IReadOnlyList<IlInstruction> code)
    {
        var used = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter) return;
            if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Add(a);
            if (t.Assembly.GetName().Name == "TorchSharp") used.Add(t);
        }
        for (var t = method.DeclaringType; t is not null; t = t.DeclaringType)
            foreach (var f in t.GetFields(Everything)) Add(f.FieldType);
        try { foreach (var local in method.GetMethodBody()?.LocalVariables ?? (IList<LocalVariableInfo>)Array.Empty<LocalVariableInfo>()) Add(local.LocalType); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException) { }
        foreach (var i in code)
            if (IlReader.IsCall(i) && IlReader.ResolveMethod(method, i) is { } target && IsTorchSharp(target))
                Add(target is MethodInfo mi ? mi.ReturnType : target.DeclaringType);
        return used;
    }
}
