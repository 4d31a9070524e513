using System.Buffers.Binary;
using System.Text;

namespace EOSnet.Model.Import;

/// <summary>
/// A pickle reader for PyTorch checkpoints that <b>never executes code</b>: it understands the data opcodes of
/// protocols 2–5 (dicts, lists, tuples, strings, numbers, booleans, None, memo) and a fixed allow-list of globals
/// that only build data (<c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>, torch storage
/// types, numpy scalars/dtypes, <c>_codecs.encode</c>). Any other global, or any other opcode, is refused with
/// <see cref="UnsafePickleException"/>.
/// </summary>
public sealed class SafeUnpickler
{
    private static readonly HashSet<string> AllowedGlobals = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
        "torch.FloatStorage", "torch.DoubleStorage", "torch.LongStorage", "torch.IntStorage", "torch.HalfStorage",
        "torch.BoolStorage", "torch.ByteStorage", "torch.storage.UntypedStorage", "torch.serialization._get_layout",
        "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar", "numpy.dtype", "_codecs.encode", "builtins.set",
    };

    private readonly byte[] _data;
    private readonly string _source;
    private int _pos;
    private readonly List<object?> _stack = new();
    private readonly List<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = new();

    private SafeUnpickler(byte[] data, string source)
    {
        _data = data;
        _source = source;
    }

    /// <summary>Parses a pickle; <paramref name="source"/> names it in error messages.</summary>
    public static object? Load(byte[] data, string source) => new SafeUnpickler(data, source).Run();

    private object? Run()
    {
        while (true)
        {
            if (_pos >= _data.Length) throw Error("truncated pickle (no STOP opcode)");
            int at = _pos;
            byte op = _data[_pos++];
            switch (op)
            {
                case 0x80: _pos++; break;                                     // PROTO
                case 0x95: _pos += 8; break;                                  // FRAME
                case (byte)'.': return Pop();                                 // STOP
                case (byte)'(': _marks.Add(_stack.Count); break;              // MARK
                case (byte)'}': Push(new PickledDict()); break;               // EMPTY_DICT
                case (byte)']': Push(new List<object?>()); break;             // EMPTY_LIST
                case (byte)')': Push(Array.Empty<object?>()); break;          // EMPTY_TUPLE
                case (byte)'N': Push(null); break;                            // NONE
                case 0x88: Push(true); break;                                 // NEWTRUE
                case 0x89: Push(false); break;                                // NEWFALSE
                case (byte)'K': Push((long)_data[_pos++]); break;             // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;  // BININT
                case 0x8a: Push(ReadLong1()); break;                          // LONG1
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;         // BINFLOAT
                case (byte)'X': Push(Encoding.UTF8.GetString(Take(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))))); break; // BINUNICODE
                case 0x8c: Push(Encoding.UTF8.GetString(Take(_data[_pos++]))); break;               // SHORT_BINUNICODE
                case (byte)'C': Push(Take(_data[_pos++]).ToArray()); break;                         // SHORT_BINBYTES
                case (byte)'B': Push(Take(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))).ToArray()); break; // BINBYTES
                case (byte)'q': _memo[_data[_pos++]] = Peek(); break;                              // BINPUT
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek(); break; // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Peek(); break;                                     // MEMOIZE
                case (byte)'h': Push(Memo(_data[_pos++])); break;                                  // BINGET
                case (byte)'j': Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // LONG_BINGET
                case (byte)'t': Push(PopMark().ToArray()); break;                                  // TUPLE
                case 0x85: Push(new[] { Pop() }); break;                                           // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; }          // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'a': { var v = Pop(); AsList(Peek()).Add(v); break; }                   // APPEND
                case (byte)'e': { var items = PopMark(); AsList(Peek()).AddRange(items); break; }  // APPENDS
                case (byte)'s': { var v = Pop(); var k = Pop(); AsDict(Peek()).Set(Key(k), v); break; } // SETITEM
                case (byte)'u':                                                                     // SETITEMS
                {
                    var items = PopMark();
                    var d = AsDict(Peek());
                    for (int i = 0; i + 1 < items.Count; i += 2) d.Set(Key(items[i]), items[i + 1]);
                    break;
                }
                case (byte)'c': Push(Global(ReadLine(), ReadLine(), at)); break;                    // GLOBAL
                case 0x93: { var name = Pop() as string; var module = Pop() as string; Push(Global(module ?? "", name ?? "", at)); break; } // STACK_GLOBAL
                case (byte)'R': { var args = Pop(); var f = Pop(); Push(Reduce(f, args, at)); break; } // REDUCE
                case 0x81: { var args = Pop(); var cls = Pop(); Push(Reduce(cls, args, at)); break; } // NEWOBJ
                case (byte)'b': { var state = Pop(); Build(Peek(), state); break; }                 // BUILD
                case (byte)'Q': Push(Persistent(Pop(), at)); break;                                 // BINPERSID
                default:
                    throw new UnsafePickleException($"{_source}: pickle opcode 0x{op:x2} at byte {at} is not allowed (only plain data opcodes are read; nothing is executed)");
            }
        }
    }

    private object Global(string module, string name, int at)
    {
        var g = new PickledGlobal(module, name);
        if (!AllowedGlobals.Contains(g.FullName))
            throw new UnsafePickleException($"{_source}: refused global '{g.FullName}' at byte {at}: the checkpoint reader only accepts tensors, dicts, lists and numbers, and never imports or calls code");
        return g;
    }

    private object? Reduce(object? f, object? args, int at)
    {
        if (f is not PickledGlobal g) throw new UnsafePickleException($"{_source}: REDUCE at byte {at} on a non-allowed callable");
        var a = args as object?[] ?? throw Error($"REDUCE at byte {at}: arguments are not a tuple");
        switch (g.FullName)
        {
            case "collections.OrderedDict": return new PickledDict();
            case "builtins.set": return new List<object?>(a.Length > 0 && a[0] is List<object?> l ? l : new());
            case "torch._utils._rebuild_tensor_v2":
            {
                if (a.Length < 4 || a[0] is not PickledStorage s) throw Error($"malformed tensor at byte {at}");
                return new PickledTensor(s.Key, s.StorageType, Longs(a[2]), Longs(a[3]), Convert.ToInt64(a[1]));
            }
            case "torch._utils._rebuild_parameter": return a.Length > 0 ? a[0] : null;
            case "numpy.dtype": return new NumpyDType(a.Length > 0 ? a[0] as string ?? "" : "");
            case "_codecs.encode": return a.Length > 0 && a[0] is string str ? Encoding.Latin1.GetBytes(str) : Array.Empty<byte>();
            case "numpy.core.multiarray.scalar" or "numpy._core.multiarray.scalar":
            {
                if (a.Length < 2 || a[0] is not NumpyDType dt || a[1] is not byte[] bytes) throw Error($"malformed numpy scalar at byte {at}");
                return dt.Code switch
                {
                    "f8" when bytes.Length == 8 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
                    "f4" when bytes.Length == 4 => (double)BinaryPrimitives.ReadSingleLittleEndian(bytes),
                    "i8" when bytes.Length == 8 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
                    "i4" when bytes.Length == 4 => (long)BinaryPrimitives.ReadInt32LittleEndian(bytes),
                    _ => throw Error($"unsupported numpy scalar type '{dt.Code}' at byte {at}"),
                };
            }
            default: throw new UnsafePickleException($"{_source}: refused call of '{g.FullName}' at byte {at}");
        }
    }

    private static void Build(object? target, object? state)
    {
        // Only data objects reach here: BUILD on an OrderedDict sets attributes (e.g. '_metadata'), not items, and a
        // numpy dtype's state carries only layout flags. Both are ignored; nothing is called.
        _ = target;
        _ = state;
    }

    private object Persistent(object? pid, int at)
    {
        if (pid is object?[] t && t.Length >= 3 && t[0] as string == "storage")
        {
            string type = t[1] is PickledGlobal g ? g.Name : "UntypedStorage";
            return new PickledStorage(t[2]?.ToString() ?? throw Error($"storage without key at byte {at}"), type);
        }
        throw new UnsafePickleException($"{_source}: unknown persistent id at byte {at}");
    }

    private static long[] Longs(object? v) => v is object?[] t ? t.Select(Convert.ToInt64).ToArray() : throw new InvalidDataException("expected a tuple of integers");

    private static object Key(object? k) => k ?? throw new InvalidDataException("None as a dictionary key");

    private List<object?> AsList(object? v) => v as List<object?> ?? throw Error("APPEND to a non-list");
    private PickledDict AsDict(object? v) => v as PickledDict ?? throw Error("SETITEM on a non-dict");

    private long ReadLong1()
    {
        int n = _data[_pos++];
        var bytes = Take(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | bytes[i];
        if (n > 0 && n < 8 && (bytes[n - 1] & 0x80) != 0) v -= 1L << (8 * n);
        return v;
    }

    private string ReadLine()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0) throw Error("unterminated GLOBAL");
        var s = Encoding.ASCII.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return s;
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || _pos + n > _data.Length) throw Error("truncated pickle");
        var span = new ReadOnlySpan<byte>(_data, _pos, n);
        _pos += n;
        return span;
    }

    private object? Memo(long key) => _memo.TryGetValue(key, out var v) ? v : throw Error($"memo key {key} missing");
    private void Push(object? v) => _stack.Add(v);
    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Error("stack underflow");

    private object? Pop()
    {
        if (_stack.Count == 0) throw Error("stack underflow");
        var v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0) throw Error("MARK missing");
        int m = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(m, _stack.Count - m);
        _stack.RemoveRange(m, _stack.Count - m);
        return items;
    }

    private InvalidDataException Error(string reason) => new($"{_source}: {reason} (at byte {_pos})");
}

/// <summary>A pickle asked for something other than plain data (a callable, a module, an unknown opcode) and was refused.</summary>
public sealed class UnsafePickleException : IOException
{
    /// <summary>Creates the exception.</summary>
    public UnsafePickleException(string message) : base(message) { }
}
