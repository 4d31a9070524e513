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

            var perAtom = new List<Pair>[_n];
            int total = 0;
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
                    for (int j = head[id]; j >= 0; j = next[j])
                    {
                        // Image in the wrapped frame is (sa, sb, sc); in the original frame S = S' − shift_j + shift_i.
                        int s0 = sa - _wrapShift[j, 0] + _wrapShift[i, 0];
                        int s1 = sb - _wrapShift[j, 1] + _wrapShift[i, 1];
                        int s2 = sc - _wrapShift[j, 2] + _wrapShift[i, 2];
                        if (j == i && s0 == 0 && s1 == 0 && s2 == 0) continue;
                        var d = _cart[j] - _cart[i] + (s0 * _a + s1 * _b + s2 * _cvec);
                        double d2 = d.LengthSquared;
                        if (d2 < _r2) buffer.Add(new Pair(j, s0, s1, s2, Math.Sqrt(d2), d));
                    }
                }
                var sorted = Sort(buffer);
                perAtom[i] = sorted;
                total += sorted.Count;
            }

            var offsets = new int[_n + 1];
            var index = new int[total];
            var images = new int[3 * total];
            var dist = new double[total];
            var disp = new double[3 * total];
            int p = 0;
            for (int i = 0; i < _n; i++)
            {
                offsets[i] = p;
                foreach (var pr in perAtom[i])
                {
                    index[p] = pr.J;
                    images[3 * p] = pr.S0; images[3 * p + 1] = pr.S1; images[3 * p + 2] = pr.S2;
                    dist[p] = pr.D;
                    disp[3 * p] = pr.V.X; disp[3 * p + 1] = pr.V.Y; disp[3 * p + 2] = pr.V.Z;
                    p++;
                }
            }
            offsets[_n] = p;
            return new NeighborList(_r, offsets, index, images, dist, disp);
        }

        private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
    }

    internal readonly record struct Pair(int J, int S0, int S1, int S2, double D, Vec3 V);

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
