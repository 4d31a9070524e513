using System.Globalization;
using System.Text.RegularExpressions;
using EOSnet.Crystals.IO;

namespace EOSnet.Crystals.Symmetry;

/// <summary>
/// The operations a Hall symbol generates (Hall 1981, as extended by Grosse-Kunstleve 1999): lattice centring,
/// optional inversion ('-' before the lattice letter), up to four rotation matrices N[screw][axis][translations] with
/// the default axes of the notation, and an optional change of origin "(vx vy vz)" in twelfths. Lets
/// <see cref="SpaceGroupTable.FromHall"/> recognise Hall symbols that spell a setting differently from spglib.
/// </summary>
internal static partial class HallSymbolParser
{
    private readonly record struct Seitz(int R0, int R1, int R2, int R3, int R4, int R5, int R6, int R7, int R8, int T0, int T1, int T2)
    {
        public static Seitz Of(int[] r, int[] t) =>
            new(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], Mod24(t[0]), Mod24(t[1]), Mod24(t[2]));

        public int[] R => [R0, R1, R2, R3, R4, R5, R6, R7, R8];
        public int[] T => [T0, T1, T2];

        /// <summary>this ∘ first.</summary>
        public Seitz After(Seitz first)
        {
            int[] a = R, b = first.R, ta = T, tb = first.T;
            var r = new int[9];
            var t = new int[3];
            for (int i = 0; i < 3; i++)
            {
                t[i] = ta[i];
                for (int k = 0; k < 3; k++)
                {
                    t[i] += a[3 * i + k] * tb[k];
                    for (int j = 0; j < 3; j++) r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
                }
            }
            return Of(r, t);
        }
    }

    private static readonly int[] Identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];

    private static readonly Dictionary<(int N, char Axis), int[]> Rotations = new()
    {
        [(2, 'x')] = [1, 0, 0, 0, -1, 0, 0, 0, -1],
        [(2, 'y')] = [-1, 0, 0, 0, 1, 0, 0, 0, -1],
        [(2, 'z')] = [-1, 0, 0, 0, -1, 0, 0, 0, 1],
        [(3, 'x')] = [1, 0, 0, 0, 0, -1, 0, 1, -1],
        [(3, 'y')] = [-1, 0, 1, 0, 1, 0, -1, 0, 0],
        [(3, 'z')] = [0, -1, 0, 1, -1, 0, 0, 0, 1],
        [(4, 'x')] = [1, 0, 0, 0, 0, -1, 0, 1, 0],
        [(4, 'y')] = [0, 0, 1, 0, 1, 0, -1, 0, 0],
        [(4, 'z')] = [0, -1, 0, 1, 0, 0, 0, 0, 1],
        [(6, 'x')] = [1, 0, 0, 0, 1, -1, 0, 1, 0],
        [(6, 'y')] = [0, 0, 1, 0, 1, 0, -1, 0, 1],
        [(6, 'z')] = [1, -1, 0, 1, 0, 0, 0, 0, 1],
        [(3, '*')] = [0, 0, 1, 1, 0, 0, 0, 1, 0],
        // Two-fold axes along face diagonals, relative to the preceding axis: ' = b-c, c-a, a-b; " = b+c, c+a, a+b.
        [(2, 'X')] = [-1, 0, 0, 0, 0, -1, 0, -1, 0],
        [(2, 'Y')] = [0, 0, -1, 0, -1, 0, -1, 0, 0],
        [(2, 'Z')] = [0, -1, 0, -1, 0, 0, 0, 0, -1],
        [(2, 'U')] = [-1, 0, 0, 0, 0, 1, 0, 1, 0],
        [(2, 'V')] = [0, 0, 1, 0, -1, 0, 1, 0, 0],
        [(2, 'W')] = [0, 1, 0, 1, 0, 0, 0, 0, -1],
    };

    private static readonly Dictionary<char, int[]> Shifts = new()
    {
        ['a'] = [12, 0, 0], ['b'] = [0, 12, 0], ['c'] = [0, 0, 12], ['n'] = [12, 12, 12],
        ['u'] = [6, 0, 0], ['v'] = [0, 6, 0], ['w'] = [0, 0, 6], ['d'] = [6, 6, 6],
    };

    private static readonly Dictionary<char, int[][]> Centrings = new()
    {
        ['P'] = [], ['A'] = [[0, 12, 12]], ['B'] = [[12, 0, 12]], ['C'] = [[12, 12, 0]], ['I'] = [[12, 12, 12]],
        ['R'] = [[16, 8, 8], [8, 16, 16]], ['F'] = [[0, 12, 12], [12, 0, 12], [12, 12, 0]],
    };

    [GeneratedRegex(@"^(-?)([12346])([1-5]?)([xyz'""*]?)([abcnuvwd]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Matrix();

    [GeneratedRegex(@"^\(\s*(-?\d+)\s+(-?\d+)\s+(-?\d+)\s*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex OriginShift();

    private static int Mod24(int v) => ((v % 24) + 24) % 24;

    /// <summary>
    /// The operations of a Hall symbol in <see cref="SpaceGroupSymbols.NormalizeHall"/> form, translations in [0, 1),
    /// or null when it is not a Hall symbol this parser reads or generates more than 192 operations.
    /// </summary>
    public static IReadOnlyList<SymmetryOperation>? Operations(string hall)
    {
        var shift = new int[3];
        int open = hall.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            var m = OriginShift().Match(hall[open..]);
            if (!m.Success) return null;
            for (int i = 0; i < 3; i++)
                if (!int.TryParse(m.Groups[i + 1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || Math.Abs(v) > 24) return null;
                else shift[i] = 2 * v;
            hall = hall[..open];
        }
        var tokens = hall.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length is < 2 or > 5) return null;
        bool centric = tokens[0].StartsWith('-');
        if (tokens[0].Length != (centric ? 2 : 1) || !Centrings.TryGetValue(tokens[0][^1], out var centring)) return null;

        var generators = centring.Select(c => Seitz.Of(Identity, c)).ToList();
        if (centric) generators.Add(Seitz.Of(Negate(Identity), [0, 0, 0]));
        int previousN = 0;
        char previousAxis = 'z';
        for (int k = 1; k < tokens.Length; k++)
        {
            var m = Matrix().Match(tokens[k]);
            if (!m.Success) return null;
            int n = m.Groups[2].Value[0] - '0';
            int screw = m.Groups[3].Value.Length > 0 ? m.Groups[3].Value[0] - '0' : 0;
            char axis = m.Groups[4].Value.Length > 0 ? m.Groups[4].Value[0] : DefaultAxis(k, n, previousN);
            if (axis == '\0') return null;
            int[] r;
            if (n == 1) r = Identity;
            else if (axis is '\'' or '"')
            {
                if (n != 2) return null;
                r = Rotations[(2, (char)((axis == '\'' ? 'X' : 'U') + (previousAxis - 'x')))];
            }
            else if (!Rotations.TryGetValue((n, axis), out r!)) return null;
            var t = new int[3];
            foreach (char c in m.Groups[5].Value)
                for (int j = 0; j < 3; j++) t[j] += Shifts[c][j];
            if (screw != 0)
            {
                if (axis is not ('x' or 'y' or 'z') || screw >= n || 24 * screw % n != 0) return null;
                t[axis - 'x'] += 24 * screw / n;
            }
            generators.Add(Seitz.Of(m.Groups[1].Value == "-" ? Negate(r) : r, t));
            previousN = n;
            if (axis is 'x' or 'y' or 'z') previousAxis = axis;
        }

        var identity = Seitz.Of(Identity, [0, 0, 0]);
        var group = new List<Seitz> { identity };
        var seen = new HashSet<Seitz> { identity };
        for (int i = 0; i < group.Count; i++)
            foreach (var g in generators)
            {
                var p = g.After(group[i]);
                if (seen.Add(p))
                {
                    if (group.Count == 192) return null;
                    group.Add(p);
                }
            }
        // Change of origin by v: (R, t) → (R, t + (I − R)·v).
        return group.Select(g =>
        {
            int[] r = g.R, t = g.T;
            var rotation = new int[3, 3];
            var translation = new double[3];
            for (int i = 0; i < 3; i++)
            {
                int ti = t[i] + shift[i];
                for (int j = 0; j < 3; j++)
                {
                    rotation[i, j] = r[3 * i + j];
                    ti -= r[3 * i + j] * shift[j];
                }
                translation[i] = Mod24(ti) / 24.0;
            }
            return SymmetryOperation.Create(rotation, new Vec3(translation[0], translation[1], translation[2]));
        }).ToList();
    }

    /// <summary>Hall's default axes: c for the first matrix; a after a 2 or 4, a−b after a 3 or 6 for a second 2; a+b+c for a third 3.</summary>
    private static char DefaultAxis(int position, int n, int previousN) => (position, n) switch
    {
        (_, 1) => 'z',
        (1, _) => 'z',
        (2, 2) when previousN is 2 or 4 => 'x',
        (2, 2) when previousN is 3 or 6 => '\'',
        (3, 3) => '*',
        _ => '\0',
    };

    private static int[] Negate(int[] r) => r.Select(v => -v).ToArray();

    /// <summary>A key equal for equal sets of operations (translations in [0, 1)).</summary>
    public static string Key(IEnumerable<SymmetryOperation> operations) =>
        string.Join(";", operations.Select(o => o.ToString()).Order(StringComparer.Ordinal));
}
