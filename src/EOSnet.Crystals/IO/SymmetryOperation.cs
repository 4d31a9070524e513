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

    /// <summary>The operation x' = R·x + t from an integer rotation matrix R (row-major, [row, column]) and a translation t.</summary>
    /// <exception cref="ArgumentException">When <paramref name="rotation"/> is not 3×3.</exception>
    public static SymmetryOperation Create(int[,] rotation, Vec3 translation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        if (rotation.GetLength(0) != 3 || rotation.GetLength(1) != 3)
            throw new ArgumentException("the rotation matrix must be 3×3", nameof(rotation));
        var op = new SymmetryOperation();
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++) op._r[i, j] = rotation[i, j];
            op._t[i] = translation[i];
        }
        return op;
    }

    /// <summary>The rotation (linear) part R[row, column].</summary>
    public double Rotation(int row, int column) => _r[row, column];

    /// <summary>The translation part t.</summary>
    public Vec3 Translation => new(_t[0], _t[1], _t[2]);

    /// <summary>
    /// The composition this ∘ <paramref name="first"/>: the operation that applies <paramref name="first"/>, then this
    /// (R = R_this·R_first, t = R_this·t_first + t_this). Translations are not reduced modulo 1.
    /// </summary>
    public SymmetryOperation Compose(SymmetryOperation first)
    {
        ArgumentNullException.ThrowIfNull(first);
        var op = new SymmetryOperation();
        for (int i = 0; i < 3; i++)
        {
            double t = _t[i];
            for (int k = 0; k < 3; k++)
            {
                t += _r[i, k] * first._t[k];
                for (int j = 0; j < 3; j++) op._r[i, j] += _r[i, k] * first._r[k, j];
            }
            op._t[i] = t;
        }
        return op;
    }

    /// <summary>
    /// True when both operations have the same rotation part and their translations differ by a lattice vector
    /// (integers), each component within <paramref name="tolerance"/>.
    /// </summary>
    public bool EqualsModuloLattice(SymmetryOperation other, double tolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
                if (Math.Abs(_r[i, j] - other._r[i, j]) > tolerance) return false;
            double d = _t[i] - other._t[i];
            if (Math.Abs(d - Math.Round(d)) > tolerance) return false;
        }
        return true;
    }

    /// <summary>
    /// The "x,y,z" form, e.g. "-y,x-y,z+1/3": integer coefficients as signs, translations as fractions where they are
    /// multiples of 1/n for n ≤ 48 (decimals otherwise). <see cref="Parse"/> reads it back.
    /// </summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < 3; i++)
        {
            if (i > 0) sb.Append(',');
            int start = sb.Length;
            for (int j = 0; j < 3; j++)
            {
                double c = _r[i, j];
                if (c == 0) continue;
                if (c < 0) sb.Append('-');
                else if (sb.Length > start) sb.Append('+');
                double a = Math.Abs(c);
                if (a != 1) sb.Append(Number(a)).Append('*');
                sb.Append((char)('x' + j));
            }
            double t = _t[i];
            if (t != 0)
            {
                if (t < 0) sb.Append('-');
                else if (sb.Length > start) sb.Append('+');
                sb.Append(Number(Math.Abs(t)));
            }
            if (sb.Length == start) sb.Append('0');
        }
        return sb.ToString();
    }

    /// <summary>A non-negative number as "n/d" (d ≤ 48, exact within 1e-9), an integer, or a decimal.</summary>
    private static string Number(double v)
    {
        for (int d = 1; d <= 48; d++)
        {
            double n = Math.Round(v * d);
            if (Math.Abs(v * d - n) <= 1e-9 * d)
                return d == 1
                    ? n.ToString("0", System.Globalization.CultureInfo.InvariantCulture)
                    : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n:0}/{d}");
        }
        return v.ToString("0.#################", System.Globalization.CultureInfo.InvariantCulture);
    }
}
