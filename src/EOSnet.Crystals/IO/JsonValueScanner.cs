using System.Text;

namespace EOSnet.Crystals.IO;

/// <summary>
/// Splits a large JSON object of the pandas "split" layout into pieces without loading it whole: it reports each
/// top-level key, and for chosen keys either the whole value or each element of an array value, as UTF-8 bytes.
/// Only string/escape/nesting state is tracked; each piece is then parsed with System.Text.Json.
/// </summary>
internal sealed class JsonValueScanner
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _pos, _len;
    private long _offset;

    public JsonValueScanner(Stream stream) => _stream = stream;

    /// <summary>Byte offset in the (decompressed) stream, for error messages.</summary>
    public long Offset => _offset + _pos;

    private int Peek()
    {
        if (_pos < _len) return _buffer[_pos];
        _offset += _len;
        _len = _stream.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        return _len == 0 ? -1 : _buffer[0];
    }

    private int Next()
    {
        int b = Peek();
        if (b >= 0) _pos++;
        return b;
    }

    private void SkipWhitespace()
    {
        while (Peek() is ' ' or '\n' or '\r' or '\t') _pos++;
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        int b = Next();
        if (b != c) throw new FormatException(b < 0 ? $"unexpected end of JSON, expected '{c}'" : $"expected '{c}' but found '{(char)b}' at byte {Offset - 1}");
    }

    /// <summary>Reads the next top-level key of the root object, or null at its end.</summary>
    public string? NextKey(ref bool first)
    {
        SkipWhitespace();
        if (first)
        {
            Expect('{');
            first = false;
            SkipWhitespace();
            if (Peek() == '}') { _pos++; return null; }
        }
        else
        {
            SkipWhitespace();
            int b = Next();
            if (b == '}') return null;
            if (b != ',') throw new FormatException(b < 0 ? "unexpected end of JSON" : $"expected ',' or '}}' at byte {Offset - 1}");
        }
        var key = Encoding.UTF8.GetString(ReadValue());
        Expect(':');
        return System.Text.Json.JsonSerializer.Deserialize<string>(key) ?? throw new FormatException("null key");
    }

    /// <summary>The raw bytes of the next complete JSON value.</summary>
    public byte[] ReadValue()
    {
        SkipWhitespace();
        var ms = new MemoryStream();
        int depth = 0;
        bool inString = false, escape = false, started = false;
        while (true)
        {
            int b = Peek();
            if (b < 0) throw new FormatException("unexpected end of JSON inside a value");
            if (started && !inString && depth == 0 && (b is ',' or '}' or ']' or ' ' or '\n' or '\r' or '\t')) break;
            _pos++;
            ms.WriteByte((byte)b);
            started = true;
            if (inString)
            {
                if (escape) escape = false;
                else if (b == '\\') escape = true;
                else if (b == '"') { inString = false; if (depth == 0) break; }
                continue;
            }
            if (b == '"') inString = true;
            else if (b is '{' or '[') depth++;
            else if (b is '}' or ']') { depth--; if (depth == 0) break; }
        }
        return ms.ToArray();
    }

    /// <summary>Enumerates the raw bytes of each element of the array value that follows.</summary>
    public IEnumerable<byte[]> ReadArrayElements()
    {
        Expect('[');
        SkipWhitespace();
        if (Peek() == ']') { _pos++; yield break; }
        while (true)
        {
            yield return ReadValue();
            SkipWhitespace();
            int b = Next();
            if (b == ']') yield break;
            if (b != ',') throw new FormatException(b < 0 ? "unexpected end of JSON inside an array" : $"expected ',' or ']' at byte {Offset - 1}");
        }
    }
}
