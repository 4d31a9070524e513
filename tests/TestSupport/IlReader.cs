using System.Reflection;
using System.Reflection.Emit;

namespace EOSnet.TestSupport;

/// <summary>One decoded IL instruction: its offset, opcode and raw operand (a metadata token, local index or constant).</summary>
public readonly record struct IlInstruction(int Offset, OpCode OpCode, long Operand);

/// <summary>Decodes method bodies into <see cref="IlInstruction"/>s (ECMA-335 §III), for tests that inspect compiled code.</summary>
public static class IlReader
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The instructions of <paramref name="method"/>'s body; empty when it has none (abstract, extern, runtime-implemented).</summary>
    public static IReadOnlyList<IlInstruction> Read(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or BadImageFormatException) { il = null; }
        if (il is null) return Array.Empty<IlInstruction>();
        var result = new List<IlInstruction>();
        int pos = 0;
        while (pos < il.Length)
        {
            int offset = pos;
            short value = il[pos++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[pos++]));
            var op = OpCodesByValue[value];
            long operand = 0;
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    operand = op.OperandType == OperandType.ShortInlineI ? (sbyte)il[pos] : il[pos];
                    pos += 1;
                    break;
                case OperandType.InlineVar:
                    operand = BitConverter.ToUInt16(il, pos);
                    pos += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    operand = BitConverter.ToInt64(il, pos);
                    pos += 8;
                    break;
                case OperandType.InlineSwitch:
                    int count = BitConverter.ToInt32(il, pos);
                    pos += 4 + 4 * count;
                    break;
                default: // tokens, 32-bit branch targets and constants
                    operand = BitConverter.ToInt32(il, pos);
                    pos += 4;
                    break;
            }
            result.Add(new IlInstruction(offset, op, operand));
        }
        return result;
    }

    /// <summary>The local-variable index an ldloc/stloc/ldloca form refers to, or null for other instructions.</summary>
    public static int? LocalIndex(IlInstruction i)
    {
        var name = i.OpCode.Name!;
        if (!name.StartsWith("ldloc", StringComparison.Ordinal) && !name.StartsWith("stloc", StringComparison.Ordinal)) return null;
        int dot = name.LastIndexOf('.');
        if (dot > 0 && int.TryParse(name[(dot + 1)..], out int fixedIndex)) return fixedIndex; // ldloc.0 … stloc.3
        return (int)i.Operand; // ldloc.s N, stloc N, ldloca.s N
    }

    /// <summary>True for the call-like instructions whose operand is a method token.</summary>
    public static bool IsCall(IlInstruction i) => i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt || i.OpCode == OpCodes.Newobj;

    /// <summary>True for ldftn/ldvirtftn: the method becomes a delegate that the code (or a callee) will invoke.</summary>
    public static bool IsDelegateTarget(IlInstruction i) => i.OpCode == OpCodes.Ldftn || i.OpCode == OpCodes.Ldvirtftn;

    /// <summary>Resolves a call's method token in the context of <paramref name="caller"/> (generic arguments included); null when it cannot.</summary>
    public static MethodBase? ResolveMethod(MethodBase caller, IlInstruction i)
    {
        try
        {
            var typeArgs = caller.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
            var methodArgs = caller is MethodInfo { IsGenericMethod: true } m ? m.GetGenericArguments() : null;
            return caller.Module.ResolveMethod((int)i.Operand, typeArgs, methodArgs);
        }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or MissingMethodException or BadImageFormatException or FileNotFoundException)
        {
            return null;
        }
    }
}
