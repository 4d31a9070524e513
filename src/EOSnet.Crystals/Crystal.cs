using System.Collections.Immutable;
using System.Text;

namespace EOSnet.Crystals;

/// <summary>
/// An immutable, fully periodic crystal structure: a <see cref="Lattice"/>, atomic numbers and positions (both
/// fractional and Cartesian, Å), plus an optional id and free-form metadata. Modelled on pymatgen's
/// <c>Structure</c>: every "modifying" method returns a new instance.
/// </summary>
public sealed class Crystal
{
    private Crystal(Lattice lattice, ImmutableArray<int> z, ImmutableArray<Vec3> frac, ImmutableArray<Vec3> cart,
        string? id, ImmutableDictionary<string, string> metadata)
    {
        Lattice = lattice;
        AtomicNumbers = z;
        FractionalPositions = frac;
        CartesianPositions = cart;
        Id = id;
        Metadata = metadata;
    }

    /// <summary>The lattice.</summary>
    public Lattice Lattice { get; }
    /// <summary>Atomic number of each site.</summary>
    public ImmutableArray<int> AtomicNumbers { get; }
    /// <summary>Fractional coordinates of each site, as given (not wrapped into [0, 1)).</summary>
    public ImmutableArray<Vec3> FractionalPositions { get; }
    /// <summary>Cartesian coordinates of each site (Å).</summary>
    public ImmutableArray<Vec3> CartesianPositions { get; }
    /// <summary>An identifier (file stem, Matbench id, struct_id, …), or null.</summary>
    public string? Id { get; }
    /// <summary>Free-form string metadata (source file, formula from the file, …).</summary>
    public ImmutableDictionary<string, string> Metadata { get; }
    /// <summary>Number of sites.</summary>
    public int Count => AtomicNumbers.Length;

    /// <summary>Creates a crystal from fractional coordinates; Cartesian = f · L.</summary>
    public static Crystal FromFractional(Lattice lattice, IEnumerable<int> atomicNumbers, IEnumerable<Vec3> fractional,
        string? id = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        var z = atomicNumbers.ToImmutableArray();
        var f = fractional.ToImmutableArray();
        Validate(z, f, id);
        var c = f.Select(lattice.ToCartesian).ToImmutableArray();
        ValidateDerived(f, c, id);
        return new Crystal(lattice, z, f, c, id, ToMeta(metadata));
    }

    /// <summary>Creates a crystal from Cartesian coordinates (Å); fractional = r · L⁻¹. The Cartesian values are kept exactly.</summary>
    public static Crystal FromCartesian(Lattice lattice, IEnumerable<int> atomicNumbers, IEnumerable<Vec3> cartesian,
        string? id = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        var z = atomicNumbers.ToImmutableArray();
        var c = cartesian.ToImmutableArray();
        Validate(z, c, id);
        var f = c.Select(lattice.ToFractional).ToImmutableArray();
        ValidateDerived(f, c, id);
        return new Crystal(lattice, z, f, c, id, ToMeta(metadata));
    }

    private static ImmutableDictionary<string, string> ToMeta(IReadOnlyDictionary<string, string>? m) =>
        m is null ? ImmutableDictionary<string, string>.Empty : m.ToImmutableDictionary();

    /// <summary>Largest accepted |fractional coordinate|: real files stay within a few cells of the origin.</summary>
    public const double MaxFractionalCoordinate = 1e6;

    private static void ValidateDerived(ImmutableArray<Vec3> fractional, ImmutableArray<Vec3> cartesian, string? id)
    {
        string who = id is null ? "structure" : $"structure '{id}'";
        for (int i = 0; i < fractional.Length; i++)
        {
            var f = fractional[i];
            if (!f.IsFinite || !cartesian[i].IsFinite || Math.Abs(f.X) > MaxFractionalCoordinate || Math.Abs(f.Y) > MaxFractionalCoordinate || Math.Abs(f.Z) > MaxFractionalCoordinate)
                throw new InvalidStructureException($"{who}, atom {i}: fractional position {f} (Cartesian {cartesian[i]}) is not finite or implausibly far from the cell (limit ±{MaxFractionalCoordinate:G} cells)");
        }
    }

    private static void Validate(ImmutableArray<int> z, ImmutableArray<Vec3> pos, string? id)
    {
        string who = id is null ? "structure" : $"structure '{id}'";
        if (z.Length != pos.Length)
            throw new InvalidStructureException($"{who}: {z.Length} atomic numbers but {pos.Length} positions");
        if (z.Length == 0) throw new InvalidStructureException($"{who} has no atoms");
        for (int i = 0; i < z.Length; i++)
        {
            if (z[i] < 1 || z[i] > Elements.MaxAtomicNumber)
                throw new InvalidStructureException($"{who}, atom {i}: Z = {z[i]} is not an element (valid: 1…{Elements.MaxAtomicNumber})");
            if (!pos[i].IsFinite)
                throw new InvalidStructureException($"{who}, atom {i}: position {pos[i]} is not finite");
        }
    }

    /// <summary>Element symbols of the sites.</summary>
    public IEnumerable<string> Symbols => AtomicNumbers.Select(Elements.Symbol);

    /// <summary>Composition as (symbol, count) pairs, in order of first appearance.</summary>
    public IReadOnlyList<(string Symbol, int Count)> Composition =>
        AtomicNumbers.GroupBy(z => z).Select(g => (Elements.Symbol(g.Key), g.Count())).ToList();

    /// <summary>The cell formula, e.g. "Ba1 Ti1 O3" (pymatgen's <c>formula</c> style, elements in order of appearance).</summary>
    public string Formula => string.Join(' ', Composition.Select(c => $"{c.Symbol}{c.Count}"));

    /// <summary>The reduced formula, e.g. "BaTiO3" (counts divided by their greatest common divisor, 1 omitted).</summary>
    public string ReducedFormula
    {
        get
        {
            var comp = Composition;
            int g = comp.Aggregate(0, (acc, c) => Gcd(acc, c.Count));
            var sb = new StringBuilder();
            foreach (var (s, n) in comp) { sb.Append(s); if (n / g != 1) sb.Append(n / g); }
            return sb.ToString();
        }
    }

    private static int Gcd(int a, int b) { while (b != 0) (a, b) = (b, a % b); return a; }

    /// <summary>Density in atoms per Å³.</summary>
    public double AtomDensity => Count / Math.Abs(Lattice.Volume);

    /// <summary>The same structure with another id.</summary>
    public Crystal WithId(string? id) => new(Lattice, AtomicNumbers, FractionalPositions, CartesianPositions, id, Metadata);

    /// <summary>The same structure with one metadata entry added or replaced.</summary>
    public Crystal WithMetadata(string key, string value) =>
        new(Lattice, AtomicNumbers, FractionalPositions, CartesianPositions, Id, Metadata.SetItem(key, value));

    /// <summary>Fractional coordinates wrapped into [0, 1) (Cartesian recomputed).</summary>
    public Crystal WrapToUnitCell()
    {
        var f = FractionalPositions.Select(p => new Vec3(Wrap(p.X), Wrap(p.Y), Wrap(p.Z)));
        return FromFractional(Lattice, AtomicNumbers, f, Id, Metadata);
    }

    /// <summary>Wraps a fractional coordinate into [0, 1).</summary>
    public static double Wrap(double x)
    {
        double w = x - Math.Floor(x);
        return w >= 1.0 ? 0.0 : w;
    }

    /// <summary>An na × nb × nc supercell; atoms ordered by original site, then image (a fastest... c fastest).</summary>
    public Crystal Supercell(int na, int nb, int nc)
    {
        if (na < 1 || nb < 1 || nc < 1) throw new ArgumentOutOfRangeException(nameof(na), "supercell multiples must be ≥ 1");
        var z = new List<int>(Count * na * nb * nc);
        var cart = new List<Vec3>(z.Capacity);
        for (int i = 0; i < Count; i++)
            for (int x = 0; x < na; x++)
                for (int y = 0; y < nb; y++)
                    for (int w = 0; w < nc; w++)
                    {
                        z.Add(AtomicNumbers[i]);
                        cart.Add(CartesianPositions[i] + Lattice.ToCartesian(new Vec3(x, y, w)));
                    }
        return FromCartesian(Lattice.Scale(na, nb, nc), z, cart, Id, Metadata);
    }

    /// <summary>All Cartesian positions shifted by <paramref name="shift"/> (Å).</summary>
    public Crystal Translate(Vec3 shift) => FromCartesian(Lattice, AtomicNumbers, CartesianPositions.Select(p => p + shift), Id, Metadata);

    /// <summary>
    /// Applies a rotation (3×3 row-major matrix R; r' = R·r) to the lattice vectors and positions. Any orthogonal
    /// matrix is accepted; distances are preserved.
    /// </summary>
    public Crystal Rotate(ReadOnlySpan<double> r)
    {
        if (r.Length != 9) throw new ArgumentException("a rotation needs 9 values", nameof(r));
        var m = r.ToArray();
        Vec3 Apply(Vec3 v) => new(m[0] * v.X + m[1] * v.Y + m[2] * v.Z, m[3] * v.X + m[4] * v.Y + m[5] * v.Z, m[6] * v.X + m[7] * v.Y + m[8] * v.Z);
        var lat = new Lattice(Apply(Lattice.A), Apply(Lattice.B), Apply(Lattice.C));
        return FromCartesian(lat, AtomicNumbers, CartesianPositions.Select(Apply), Id, Metadata);
    }

    /// <summary>Sites reordered: site k of the result is site <c>order[k]</c> of this crystal.</summary>
    public Crystal Permute(IReadOnlyList<int> order)
    {
        if (order.Count != Count || order.Distinct().Count() != Count || order.Any(i => i < 0 || i >= Count))
            throw new ArgumentException("order must be a permutation of the site indices", nameof(order));
        return FromCartesian(Lattice, order.Select(i => AtomicNumbers[i]), order.Select(i => CartesianPositions[i]), Id, Metadata);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Id ?? "Crystal"} {Formula} ({Count} atoms, V = {Math.Abs(Lattice.Volume):F3} Å³)";
}
