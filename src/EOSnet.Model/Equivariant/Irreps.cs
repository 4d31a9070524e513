using System.Globalization;
using System.Text.RegularExpressions;

namespace EOSnet.Model.Equivariant;

/// <summary>
/// An irreducible representation of O(3): degree l and parity p (+1 even "e", −1 odd "o"), of dimension 2l + 1.
/// Written as e3nn writes it: <c>0e</c>, <c>1o</c>, <c>2e</c>.
/// </summary>
/// <param name="L">Degree l ≥ 0.</param>
/// <param name="Parity">+1 (even) or −1 (odd).</param>
public readonly record struct Irrep(int L, int Parity)
{
    /// <summary>Dimension 2l + 1.</summary>
    public int Dimension => 2 * L + 1;

    /// <summary>Whether this irrep occurs in the tensor product <paramref name="a"/> ⊗ <paramref name="b"/>: |l_a − l_b| ≤ l ≤ l_a + l_b and p = p_a·p_b.</summary>
    public bool IsIn(Irrep a, Irrep b) => L >= Math.Abs(a.L - b.L) && L <= a.L + b.L && Parity == a.Parity * b.Parity;

    /// <summary>e3nn's notation, e.g. <c>1o</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{L}{(Parity > 0 ? 'e' : 'o')}");
}

/// <summary>One term <c>mul x irrep</c> of an <see cref="Irreps"/>: <paramref name="Multiplicity"/> channels of <paramref name="Irrep"/>.</summary>
/// <param name="Multiplicity">Number of channels (≥ 0).</param>
/// <param name="Irrep">The irrep of each channel.</param>
public readonly record struct MulIrrep(int Multiplicity, Irrep Irrep)
{
    /// <summary>Number of values: multiplicity × (2l + 1).</summary>
    public int Dimension => Multiplicity * Irrep.Dimension;

    /// <summary>e3nn's notation, e.g. <c>16x1o</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Multiplicity}x{Irrep}");
}

/// <summary>
/// A direct sum of irreps, e.g. <c>32x0e+16x1o+8x2e</c>, with e3nn's vector layout: the terms are concatenated in
/// order, and inside term <c>mul x l</c> value (channel u, component m) sits at <c>offset + u·(2l+1) + m</c>
/// (channel-major). For <c>32x0e+16x1o+8x2e</c> the offsets are 0, 32, 80 and the dimension 120.
/// </summary>
public sealed partial class Irreps : IEquatable<Irreps>
{
    private readonly MulIrrep[] _terms;
    private readonly int[] _offsets;

    /// <summary>Creates the direct sum of <paramref name="terms"/>, in the given order.</summary>
    /// <exception cref="ArgumentException">A negative multiplicity or degree, or a parity other than ±1.</exception>
    public Irreps(IEnumerable<MulIrrep> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _terms = terms.ToArray();
        _offsets = new int[_terms.Length + 1];
        for (int i = 0; i < _terms.Length; i++)
        {
            var t = _terms[i];
            if (t.Multiplicity < 0 || t.Irrep.L < 0 || t.Irrep.Parity is not (1 or -1))
                throw new ArgumentException($"invalid term {t}", nameof(terms));
            _offsets[i + 1] = _offsets[i] + t.Dimension;
        }
    }

    /// <summary>Parses e3nn's notation: terms <c>[mul x]l(e|o)</c> joined by <c>+</c> (a missing multiplicity is 1).</summary>
    /// <exception cref="FormatException">The text is not in that notation.</exception>
    public static Irreps Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<MulIrrep>();
        if (text.Trim().Length == 0) return new Irreps(terms);
        foreach (var part in text.Split('+'))
        {
            var m = TermPattern().Match(part.Trim());
            if (!m.Success) throw new FormatException($"'{part.Trim()}' in '{text}' is not a term like 16x1o");
            int mul = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
            int l = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            terms.Add(new MulIrrep(mul, new Irrep(l, m.Groups[3].Value == "e" ? 1 : -1)));
        }
        return new Irreps(terms);
    }

    /// <summary>The spherical-harmonic irreps <c>1x0e+1x1o+…+1x(lmax)</c> with parity (−1)^l.</summary>
    public static Irreps SphericalHarmonics(int maxDegree) =>
        new(Enumerable.Range(0, maxDegree + 1).Select(l => new MulIrrep(1, new Irrep(l, l % 2 == 0 ? 1 : -1))));

    /// <summary>The terms, in order.</summary>
    public IReadOnlyList<MulIrrep> Terms => _terms;

    /// <summary>Number of terms.</summary>
    public int Count => _terms.Length;

    /// <summary>Term <paramref name="i"/>.</summary>
    public MulIrrep this[int i] => _terms[i];

    /// <summary>Total number of values Σ mul·(2l + 1).</summary>
    public int Dimension => _offsets[^1];

    /// <summary>Index of the first value of term <paramref name="i"/> in the vector.</summary>
    public int Offset(int i) => _offsets[i];

    /// <summary>Total multiplicity of the scalar terms (l = 0, even).</summary>
    public int ScalarMultiplicity => _terms.Where(t => t.Irrep == new Irrep(0, 1)).Sum(t => t.Multiplicity);

    /// <summary>Total number of channels Σ mul.</summary>
    public int Multiplicity => _terms.Sum(t => t.Multiplicity);

    /// <summary>The largest degree, or −1 when empty.</summary>
    public int MaxDegree => _terms.Length == 0 ? -1 : _terms.Max(t => t.Irrep.L);

    /// <summary>e3nn's notation.</summary>
    public override string ToString() => string.Join("+", _terms.Select(t => t.ToString()));

    /// <inheritdoc/>
    public bool Equals(Irreps? other) => other is not null && _terms.AsSpan().SequenceEqual(other._terms);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Irreps);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var t in _terms) h.Add(t);
        return h.ToHashCode();
    }

    [GeneratedRegex(@"^(?:(\d+)x)?(\d+)([eo])$")]
    private static partial Regex TermPattern();
}
