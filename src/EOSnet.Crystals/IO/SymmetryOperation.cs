namespace EOSnet.Crystals.IO;

/// <summary>A space-group operation x' = R·x + t in fractional coordinates, parsed from "x,y,z" notation.</summary>
public sealed class SymmetryOperation
{
    private readonly double[,] _r = new double[3, 3];
    private readonly double[] _t = new double[3];

    private SymmetryOperation() { }

    /// <summary>Parses e.g. "-x+1/2, y, z-x" or "1/2+X,-Y,Z".</summary>
    /// <exception cref="FormatException">On anything else.</exception>
    public static SymmetryOperation Parse(string text)
    {
        var parts = text.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant().Split(',');
        if (parts.Length != 3) throw new FormatException($"symmetry operation '{text}' does not have three components");
        var op = new SymmetryOperation();
        for (int row = 0; row < 3; row++)
        {
            string s = parts[row];
            if (s.Length == 0) throw new FormatException($"symmetry operation '{text}' has an empty component");
            int i = 0;
            while (i < s.Length)
            {
                double sign = 1;
                if (s[i] is '+' or '-') { sign = s[i] == '-' ? -1 : 1; i++; }
                if (i >= s.Length) throw new FormatException($"symmetry operation '{text}' ends with a sign");
                if (s[i] is 'x' or 'y' or 'z') { op._r[row, s[i] - 'x'] += sign; i++; continue; }
                int start = i;
                while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
                if (start == i) throw new FormatException($"symmetry operation '{text}': unexpected '{s[i]}'");
                double value = NumberParsing.Double(s.AsSpan(start, i - start), "symmetry operation");
                if (i < s.Length && s[i] == '/')
                {
                    i++;
                    int ds = i;
                    while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
                    double den = NumberParsing.Double(s.AsSpan(ds, i - ds), "symmetry operation");
                    if (den == 0) throw new FormatException($"symmetry operation '{text}': division by zero");
                    value /= den;
                }
                if (i < s.Length && s[i] == '*') { i++; if (i < s.Length && s[i] is 'x' or 'y' or 'z') { op._r[row, s[i] - 'x'] += sign * value; i++; continue; } }
                if (i < s.Length && s[i] is 'x' or 'y' or 'z') { op._r[row, s[i] - 'x'] += sign * value; i++; continue; }
                op._t[row] += sign * value;
            }
        }
        return op;
    }

    /// <summary>The identity.</summary>
    public static SymmetryOperation Identity => Parse("x,y,z");

    /// <summary>Applies the operation to fractional coordinates.</summary>
    public Vec3 Apply(Vec3 f) => new(
        _r[0, 0] * f.X + _r[0, 1] * f.Y + _r[0, 2] * f.Z + _t[0],
        _r[1, 0] * f.X + _r[1, 1] * f.Y + _r[1, 2] * f.Z + _t[1],
        _r[2, 0] * f.X + _r[2, 1] * f.Y + _r[2, 2] * f.Z + _t[2]);
}
