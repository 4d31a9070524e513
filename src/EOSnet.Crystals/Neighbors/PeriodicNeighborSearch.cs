namespace EOSnet.Crystals.Neighbors;

/// <summary>
/// Periodic neighbour search: every (j, S) with |r_j − r_i + S·L| &lt; r (strict), excluding (i, 0) but including
/// the atom's own periodic images. Uses a cell list over fractional coordinates whose bins are at least r wide
/// perpendicular to each face, so the cost is O(N) for large cells and the result is exact for skewed and
/// thin cells (bins and image ranges come from the reciprocal vectors).
/// </summary>
public static class PeriodicNeighborSearch
{
    /// <summary>Distances closer than this (Å) form a tie group, ordered by (j, S).</summary>
    public const double TieTolerance = 1e-8;

    /// <summary>Finds all neighbours of every atom within <paramref name="radius"/> Å.</summary>
    public static NeighborList Find(Crystal crystal, double radius)
    {
        ArgumentNullException.ThrowIfNull(crystal);
        if (!(radius > 0) || double.IsInfinity(radius)) throw new ArgumentOutOfRangeException(nameof(radius), "radius must be a positive finite number of Å");
        var ctx = new SearchContext(crystal, radius);
        return ctx.Run();
    }

    private sealed class SearchContext
    {
        private readonly Crystal _c;
        private readonly double _r, _r2;
        private readonly int _n;
        private readonly Vec3[] _cart;        // original Cartesian positions
        private readonly int[,] _wrapShift;   // floor of the fractional coordinates (wrapped = f − shift)
        private readonly double[,] _fw;       // wrapped fractional coordinates
        private readonly Vec3 _a, _b, _cvec;

        public SearchContext(Crystal c, double r)
        {
            _c = c; _r = r; _r2 = r * r; _n = c.Count;
            _cart = c.CartesianPositions.ToArray();
            _wrapShift = new int[_n, 3];
            _fw = new double[_n, 3];
            _a = c.Lattice.A; _b = c.Lattice.B; _cvec = c.Lattice.C;
            for (int i = 0; i < _n; i++)
            {
                var f = c.FractionalPositions[i];
                for (int k = 0; k < 3; k++)
                {
                    double fl = Math.Floor(f[k]);
                    double w = f[k] - fl;
                    if (w >= 1.0) { w = 0; fl += 1; }
                    if (Math.Abs(fl) > 1e6) throw new InvalidStructureException($"structure '{c.Id}', atom {i}: fractional coordinate {f[k]} is too far outside the cell");
                    _wrapShift[i, k] = (int)fl;
                    _fw[i, k] = w;
                }
            }
        }

        public NeighborList Run()
        {
            var output = new PairOutput(_n);
            if (_n <= PairwiseLimit) Pairwise(output); else CellList(output);
            return output.ToList(_r);
        }

        /// <summary>
        /// Small cells: for every (i, j) the image ranges along a and b come from the reciprocal vectors, and the
        /// range along c is solved exactly from |v + S₂c|² &lt; r², so almost every candidate visited is a neighbour.
        /// </summary>
        private void Pairwise(PairOutput output)
        {
            var rb = new double[3];
            for (int k = 0; k < 3; k++) rb[k] = _r * _c.Lattice.Reciprocal(k).Length;
            double cc = _cvec.LengthSquared;
            var buffer = new List<Pair>(256);
            for (int i = 0; i < _n; i++)
            {
                buffer.Clear();
                var wi = Wrapped(i);
                for (int j = 0; j < _n; j++)
                {
                    var delta = Wrapped(j) - wi;
                    double df0 = _fw[j, 0] - _fw[i, 0], df1 = _fw[j, 1] - _fw[i, 1];
                    int lo0 = (int)Math.Ceiling(-rb[0] - df0 - 1e-9), hi0 = (int)Math.Floor(rb[0] - df0 + 1e-9);
                    int lo1 = (int)Math.Ceiling(-rb[1] - df1 - 1e-9), hi1 = (int)Math.Floor(rb[1] - df1 + 1e-9);
                    for (int sa = lo0; sa <= hi0; sa++)
                    {
                        var v0 = delta + sa * _a;
                        for (int sb = lo1; sb <= hi1; sb++)
                        {
                            var v1 = v0 + sb * _b;
                            double bq = v1.Dot(_cvec);
                            double disc = bq * bq - cc * (v1.LengthSquared - _r2);
                            if (disc < 0) continue;
                            double root = Math.Sqrt(disc);
                            int lo2 = (int)Math.Ceiling((-bq - root) / cc - 1e-9), hi2 = (int)Math.Floor((-bq + root) / cc + 1e-9);
                            for (int sc = lo2; sc <= hi2; sc++) Add(buffer, i, j, sa, sb, sc);
                        }
                    }
                }
                output.Append(i, buffer);
            }
        }

        private const int PairwiseLimit = 256;

        private Vec3 Wrapped(int i) => _cart[i] - (_wrapShift[i, 0] * _a + _wrapShift[i, 1] * _b + _wrapShift[i, 2] * _cvec);

        /// <summary>Adds (j, image in the wrapped frame) if it is a neighbour, with D computed from the original positions.</summary>
        private void Add(List<Pair> buffer, int i, int j, int sa, int sb, int sc)
        {
            int s0 = sa - _wrapShift[j, 0] + _wrapShift[i, 0];
            int s1 = sb - _wrapShift[j, 1] + _wrapShift[i, 1];
            int s2 = sc - _wrapShift[j, 2] + _wrapShift[i, 2];
            if (j == i && s0 == 0 && s1 == 0 && s2 == 0) return;
            var d = _cart[j] - _cart[i] + (s0 * _a + s1 * _b + s2 * _cvec);
            double d2 = d.LengthSquared;
            if (d2 < _r2) buffer.Add(new Pair(j, s0, s1, s2, Math.Sqrt(d2), d));
        }

        private void CellList(PairOutput output)
        {
            // Bins per axis: perpendicular bin width ≥ r; stencil reach s_k bins so that s_k · width ≥ r.
            var m = new int[3];
            var reach = new int[3];
            var rb = new double[3];
            for (int k = 0; k < 3; k++)
            {
                rb[k] = _r * _c.Lattice.Reciprocal(k).Length; // r in fractional units along axis k
                m[k] = (int)Math.Clamp(Math.Floor(1.0 / rb[k]), 1, 1 << 20);
            }
            // Keep the bin count proportional to the atom count (a cell list for 10^5 atoms, not 10^9 empty bins).
            while ((long)m[0] * m[1] * m[2] > 4L * _n + 8)
            {
                int k = m[0] >= m[1] && m[0] >= m[2] ? 0 : m[1] >= m[2] ? 1 : 2;
                m[k] = Math.Max(1, m[k] / 2);
            }
            for (int k = 0; k < 3; k++)
            {
                // Bin indices of two points closer than rb[k] (fractional) differ by at most ceil(rb·m).
                double span = Math.Ceiling(rb[k] * m[k] + 1e-9);
                if (span > 10000) throw new InvalidStructureException($"structure '{_c.Id}': cell is too thin for a {_r} Å search ({span} images along axis {k})");
                reach[k] = (int)span;
            }
            long bins = (long)m[0] * m[1] * m[2];
            var head = new int[bins];
            Array.Fill(head, -1);
            var next = new int[_n];
            var binOf = new int[_n, 3];
            for (int i = _n - 1; i >= 0; i--)
            {
                for (int k = 0; k < 3; k++) binOf[i, k] = Math.Min(m[k] - 1, (int)(_fw[i, k] * m[k]));
                long id = ((long)binOf[i, 0] * m[1] + binOf[i, 1]) * m[2] + binOf[i, 2];
                next[i] = head[id];
                head[id] = i;
            }

            var buffer = new List<Pair>();
            for (int i = 0; i < _n; i++)
            {
                buffer.Clear();
                for (int da = -reach[0]; da <= reach[0]; da++)
                for (int db = -reach[1]; db <= reach[1]; db++)
                for (int dc = -reach[2]; dc <= reach[2]; dc++)
                {
                    int ba = binOf[i, 0] + da, bb = binOf[i, 1] + db, bc = binOf[i, 2] + dc;
                    int sa = FloorDiv(ba, m[0]), sb = FloorDiv(bb, m[1]), sc = FloorDiv(bc, m[2]);
                    long id = ((long)(ba - sa * m[0]) * m[1] + (bb - sb * m[1])) * m[2] + (bc - sc * m[2]);
                    for (int j = head[id]; j >= 0; j = next[j]) Add(buffer, i, j, sa, sb, sc);
                }
                output.Append(i, buffer);
            }
        }

        private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
    }

    internal readonly record struct Pair(int J, int S0, int S1, int S2, double D, Vec3 V);

    /// <summary>Growing flat arrays of the final list; pairs of each atom are appended in sorted order.</summary>
    private sealed class PairOutput
    {
        private readonly int[] _offsets;
        private int[] _index = new int[1024];
        private int[] _images = new int[3 * 1024];
        private double[] _dist = new double[1024];
        private double[] _disp = new double[3 * 1024];
        private int _count;
        private double[] _keys = new double[256];
        private int[] _order = new int[256];

        public PairOutput(int atoms) => _offsets = new int[atoms + 1];

        public void Append(int atom, List<Pair> pairs)
        {
            int n = pairs.Count;
            if (_keys.Length < n) { _keys = new double[2 * n]; _order = new int[2 * n]; }
            for (int k = 0; k < n; k++) { _keys[k] = pairs[k].D; _order[k] = k; }
            Array.Sort(_keys, _order, 0, n);
            OrderTies(pairs, n);
            if (_count + n > _index.Length)
            {
                int cap = Math.Max(2 * _index.Length, _count + n);
                Array.Resize(ref _index, cap);
                Array.Resize(ref _images, 3 * cap);
                Array.Resize(ref _dist, cap);
                Array.Resize(ref _disp, 3 * cap);
            }
            _offsets[atom] = _count;
            for (int k = 0; k < n; k++)
            {
                var p = pairs[_order[k]];
                int q = _count++;
                _index[q] = p.J;
                _images[3 * q] = p.S0; _images[3 * q + 1] = p.S1; _images[3 * q + 2] = p.S2;
                _dist[q] = p.D;
                _disp[3 * q] = p.V.X; _disp[3 * q + 1] = p.V.Y; _disp[3 * q + 2] = p.V.Z;
            }
            _offsets[atom + 1] = _count;
        }

        // Runs of distances closer than TieTolerance are ordered by (j, S).
        private void OrderTies(List<Pair> pairs, int n)
        {
            int start = 0;
            for (int k = 1; k <= n; k++)
            {
                if (k < n && _keys[k] - _keys[k - 1] < TieTolerance) continue;
                if (k - start > 1) Array.Sort(_order, start, k - start, Comparer<int>.Create((x, y) => Canonical(pairs[x], pairs[y])));
                start = k;
            }
        }

        public NeighborList ToList(double radius) =>
            new(radius, _offsets, _index[.._count], _images[..(3 * _count)], _dist[.._count], _disp[..(3 * _count)]);
    }

    /// <summary>Sorts by distance, then orders each tie group (consecutive gaps &lt; TieTolerance) by (j, S).</summary>
    internal static List<Pair> Sort(List<Pair> pairs)
    {
        var list = new List<Pair>(pairs);
        list.Sort(static (x, y) => x.D.CompareTo(y.D) is var c && c != 0 ? c : Canonical(x, y));
        int start = 0;
        for (int k = 1; k <= list.Count; k++)
        {
            if (k < list.Count && list[k].D - list[k - 1].D < TieTolerance) continue;
            if (k - start > 1) list.Sort(start, k - start, Comparer<Pair>.Create(Canonical));
            start = k;
        }
        return list;
    }

    private static int Canonical(Pair x, Pair y)
    {
        int c = x.J.CompareTo(y.J);
        if (c != 0) return c;
        c = x.S0.CompareTo(y.S0);
        if (c != 0) return c;
        c = x.S1.CompareTo(y.S1);
        return c != 0 ? c : x.S2.CompareTo(y.S2);
    }

    /// <summary>
    /// Reference implementation for tests: brute force over all pairs and an image box from the reciprocal vectors.
    /// O(N² · images); use <see cref="Find"/> in production.
    /// </summary>
    public static NeighborList FindBruteForce(Crystal crystal, double radius)
    {
        var lat = crystal.Lattice;
        int n = crystal.Count;
        var range = new int[3];
        double minF = crystal.FractionalPositions.Min(f => Math.Min(f.X, Math.Min(f.Y, f.Z)));
        double maxF = crystal.FractionalPositions.Max(f => Math.Max(f.X, Math.Max(f.Y, f.Z)));
        int spread = (int)Math.Ceiling(maxF - minF);
        for (int k = 0; k < 3; k++) range[k] = (int)Math.Ceiling(radius * lat.Reciprocal(k).Length) + 1 + spread;
        var offsets = new List<int> { 0 };
        var all = new List<Pair>();
        for (int i = 0; i < n; i++)
        {
            var buf = new List<Pair>();
            for (int j = 0; j < n; j++)
                for (int a = -range[0]; a <= range[0]; a++)
                    for (int b = -range[1]; b <= range[1]; b++)
                        for (int c = -range[2]; c <= range[2]; c++)
                        {
                            if (i == j && a == 0 && b == 0 && c == 0) continue;
                            var d = crystal.CartesianPositions[j] - crystal.CartesianPositions[i] + (a * lat.A + b * lat.B + c * lat.C);
                            double d2 = d.LengthSquared;
                            if (d2 < radius * radius) buf.Add(new Pair(j, a, b, c, Math.Sqrt(d2), d));
                        }
            all.AddRange(Sort(buf));
            offsets.Add(all.Count);
        }
        return new NeighborList(radius, offsets.ToArray(), all.Select(p => p.J).ToArray(),
            all.SelectMany(p => new[] { p.S0, p.S1, p.S2 }).ToArray(), all.Select(p => p.D).ToArray(),
            all.SelectMany(p => new[] { p.V.X, p.V.Y, p.V.Z }).ToArray());
    }
}
