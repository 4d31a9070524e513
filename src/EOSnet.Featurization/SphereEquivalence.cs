using EOSnet.Crystals;
using EOSnet.Crystals.Neighbors;

namespace EOSnet.Featurization;

/// <summary>
/// Finds atoms whose cutoff spheres are congruent: the same centre element and an orthogonal map (rotation or
/// reflection) that carries every member of one sphere onto a member of the other with the same element, within
/// <see cref="Tolerance"/> Å. The GOM of such spheres is the same matrix up to a permutation, so its eigenvalues are
/// computed once. Symmetry-equivalent sites (the three O of a cubic perovskite, the Wyckoff orbits of any crystal) are
/// found without a space-group library: candidates share the sorted neighbour distances, and the map is fitted on a
/// frame of three members and then checked on all of them.
/// </summary>
internal sealed class SphereEquivalence
{
    /// <summary>Largest position/distance mismatch (Å) accepted as "the same sphere".</summary>
    public const double Tolerance = 1e-10;

    private readonly Crystal _crystal;
    private readonly NeighborList _list;
    private readonly int[] _members;
    private readonly Dictionary<(int Z, int Members), List<int>> _representatives = new();
    private bool[] _used = new bool[64];

    /// <param name="crystal">The structure.</param>
    /// <param name="list">Its neighbour list (sorted by distance).</param>
    /// <param name="members">Sphere members per atom excluding the centre (the first members of each atom's list).</param>
    public SphereEquivalence(Crystal crystal, NeighborList list, int[] members)
    {
        _crystal = crystal;
        _list = list;
        _members = members;
    }

    /// <summary>An earlier atom whose sphere is congruent with atom i's, or −1 (then i becomes a representative).</summary>
    public int FindOrRegister(int i)
    {
        var key = (_crystal.AtomicNumbers[i], _members[i]);
        if (!_representatives.TryGetValue(key, out var reps)) _representatives[key] = reps = new List<int>();
        foreach (int r in reps)
            if (Congruent(r, i)) return r;
        reps.Add(i);
        return -1;
    }

    private bool Congruent(int i, int j)
    {
        int n = _members[i];
        int si = _list.Start(i), sj = _list.Start(j);
        var dist = _list.Distances;
        for (int k = 0; k < n; k++)
            if (Math.Abs(dist[si + k] - dist[sj + k]) > Tolerance) return false;
        if (n == 0) return true;
        if (!Frame(si, n, out int fa, out int fb, out int fc)) return false;
        if (_used.Length < n) _used = new bool[Math.Max(n, 2 * _used.Length)];
        var a = Position(si + fa); var b = Position(si + fb); var c = Position(si + fc);
        const double dotTolerance = 1e-8;
        var (la, ha) = Shell(sj, n, dist[si + fa]);
        var (lb, hb) = Shell(sj, n, dist[si + fb]);
        var (lc, hc) = Shell(sj, n, dist[si + fc]);
        int za = Z(si + fa), zb = Z(si + fb), zc = Z(si + fc);
        for (int ca = la; ca < ha; ca++)
        {
            if (Z(sj + ca) != za) continue;
            var a2 = Position(sj + ca);
            for (int cb = lb; cb < hb; cb++)
            {
                var b2 = Position(sj + cb);
                if (cb == ca || Z(sj + cb) != zb || Math.Abs(a2.Dot(b2) - a.Dot(b)) > dotTolerance) continue;
                for (int cc = lc; cc < hc; cc++)
                {
                    var c2 = Position(sj + cc);
                    if (cc == ca || cc == cb || Z(sj + cc) != zc || Math.Abs(a2.Dot(c2) - a.Dot(c)) > dotTolerance || Math.Abs(b2.Dot(c2) - b.Dot(c)) > dotTolerance) continue;
                    if (MapsAll(si, sj, n, Fit(a, b, c, a2, b2, c2))) return true;
                }
            }
        }
        return false;
    }

    /// <summary>Three members that span space: the nearest, the first not collinear with it, the first off their plane.</summary>
    private bool Frame(int s, int n, out int fa, out int fb, out int fc)
    {
        fa = 0; fb = -1; fc = -1;
        var a = Position(s);
        for (int k = 1; k < n && fb < 0; k++)
        {
            var x = Position(s + k);
            if (a.Cross(x).LengthSquared > 0.01 * a.LengthSquared * x.LengthSquared) fb = k;
        }
        if (fb < 0) return false;
        var normal = a.Cross(Position(s + fb));
        for (int k = fb + 1; k < n && fc < 0; k++)
        {
            var x = Position(s + k);
            double t = normal.Dot(x);
            if (t * t > 0.01 * normal.LengthSquared * x.LengthSquared) fc = k;
        }
        return fc >= 0;
    }

    /// <summary>The members [lo, hi) of the sphere starting at s at distance r (± tolerance); the list is sorted.</summary>
    private (int Lo, int Hi) Shell(int s, int n, double r)
    {
        var dist = _list.Distances;
        int lo = 0, hi = n;
        while (lo < hi) { int mid = (lo + hi) >> 1; if (dist[s + mid] < r - Tolerance) lo = mid + 1; else hi = mid; }
        int end = lo;
        while (end < n && dist[s + end] <= r + Tolerance) end++;
        return (lo, end);
    }

    /// <summary>The linear map R with R·a = a2, R·b = b2, R·c = c2 (R = F2 F⁻¹), as rows.</summary>
    private static (Vec3 X, Vec3 Y, Vec3 Z) Fit(Vec3 a, Vec3 b, Vec3 c, Vec3 a2, Vec3 b2, Vec3 c2)
    {
        // Inverse of F = [a b c] (columns) by cofactors: rows of F⁻¹ are (b×c, c×a, a×b) / det.
        double det = a.Dot(b.Cross(c));
        var r0 = b.Cross(c) * (1 / det); var r1 = c.Cross(a) * (1 / det); var r2 = a.Cross(b) * (1 / det);
        // R = F2 F⁻¹: R[row] = a2[row]·r0 + b2[row]·r1 + c2[row]·r2
        return (r0 * a2.X + r1 * b2.X + r2 * c2.X, r0 * a2.Y + r1 * b2.Y + r2 * c2.Y, r0 * a2.Z + r1 * b2.Z + r2 * c2.Z);
    }

    private bool MapsAll(int si, int sj, int n, (Vec3 X, Vec3 Y, Vec3 Z) r)
    {
        // Orthogonality first: an affine fit through a wrong frame is rarely orthogonal.
        if (Math.Abs(r.X.LengthSquared - 1) > 1e-9 || Math.Abs(r.Y.LengthSquared - 1) > 1e-9 || Math.Abs(r.Z.LengthSquared - 1) > 1e-9
            || Math.Abs(r.X.Dot(r.Y)) > 1e-9 || Math.Abs(r.X.Dot(r.Z)) > 1e-9 || Math.Abs(r.Y.Dot(r.Z)) > 1e-9) return false;
        Array.Clear(_used, 0, n);
        const double tol2 = Tolerance * Tolerance;
        for (int m = 0; m < n; m++)
        {
            var x = Position(si + m);
            var y = new Vec3(r.X.Dot(x), r.Y.Dot(x), r.Z.Dot(x));
            bool found = false;
            int z = Z(si + m);
            var (lo, hi) = Shell(sj, n, _list.Distances[si + m]);
            for (int k = lo; k < hi; k++)
            {
                if (_used[k] || Z(sj + k) != z || (Position(sj + k) - y).LengthSquared > tol2) continue;
                _used[k] = true;
                found = true;
                break;
            }
            if (!found) return false;
        }
        return true;
    }

    private Vec3 Position(int p) => new(_list.Displacements[3 * p], _list.Displacements[3 * p + 1], _list.Displacements[3 * p + 2]);

    private int Z(int p) => _crystal.AtomicNumbers[_list.Index[p]];
}
