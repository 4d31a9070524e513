using EOSnet.Crystals.IO;
using EOSnet.Crystals.Symmetry;

namespace EOSnet.Crystals.Tests.Symmetry;

/// <summary>
/// The space-group table cross-checked group by group against what is known independently of spglib: the 32 crystal
/// classes' orders, the centrings of the lattice letters, the group axioms, and the operations that the Hall symbols
/// generate (a separate implementation of Hall's notation, below).
/// </summary>
public class SpaceGroupTableTests
{
    // The 32 crystal classes: last space-group number of the class, point-group order.
    private static readonly (int Last, int Order, string Class)[] CrystalClasses =
    [
        (1, 1, "1"), (2, 2, "-1"), (5, 2, "2"), (9, 2, "m"), (15, 4, "2/m"),
        (24, 4, "222"), (46, 4, "mm2"), (74, 8, "mmm"),
        (80, 4, "4"), (82, 4, "-4"), (88, 8, "4/m"), (98, 8, "422"), (110, 8, "4mm"), (122, 8, "-42m"), (142, 16, "4/mmm"),
        (146, 3, "3"), (148, 6, "-3"), (155, 6, "32"), (161, 6, "3m"), (167, 12, "-3m"),
        (173, 6, "6"), (174, 6, "-6"), (176, 12, "6/m"), (182, 12, "622"), (186, 12, "6mm"), (190, 12, "-6m2"), (194, 24, "6/mmm"),
        (199, 12, "23"), (206, 24, "m-3"), (214, 24, "432"), (220, 24, "-43m"), (230, 48, "m-3m"),
    ];

    // Space groups listed with two origin choices, and the rhombohedral ones (hexagonal and rhombohedral axes).
    private static readonly int[] TwoOrigins = [48, 50, 59, 68, 70, 85, 86, 88, 125, 126, 129, 130, 133, 134, 137, 138, 141, 142, 201, 203, 222, 224, 227, 228];
    private static readonly int[] Rhombohedral = [146, 148, 155, 160, 161, 166, 167];

    private static int PointGroupOrder(int number) => CrystalClasses.First(c => number <= c.Last).Order;

    /// <summary>Centring vectors of a Hall lattice letter, in 1/24.</summary>
    private static int[][] Centring(char lattice) => lattice switch
    {
        'P' => [[0, 0, 0]],
        'A' => [[0, 0, 0], [0, 12, 12]],
        'B' => [[0, 0, 0], [12, 0, 12]],
        'C' => [[0, 0, 0], [12, 12, 0]],
        'I' => [[0, 0, 0], [12, 12, 12]],
        'R' => [[0, 0, 0], [16, 8, 8], [8, 16, 16]],
        'F' => [[0, 0, 0], [0, 12, 12], [12, 0, 12], [12, 12, 0]],
        _ => throw new ArgumentException($"lattice letter {lattice}"),
    };

    private static char LatticeLetter(SpaceGroupSetting s) => s.HallSymbol.TrimStart('-')[0];

    /// <summary>An operation as exact integers: rotation row-major, translation in 1/24 reduced to [0, 24).</summary>
    private readonly record struct Op(int R0, int R1, int R2, int R3, int R4, int R5, int R6, int R7, int R8, int T0, int T1, int T2)
    {
        public int R(int i, int j) => (i * 3 + j) switch { 0 => R0, 1 => R1, 2 => R2, 3 => R3, 4 => R4, 5 => R5, 6 => R6, 7 => R7, _ => R8 };
        public int T(int i) => i switch { 0 => T0, 1 => T1, _ => T2 };
        public (int, int, int, int, int, int, int, int, int) Rotation => (R0, R1, R2, R3, R4, R5, R6, R7, R8);

        public static Op Of(int[,] r, int[] t) => new(r[0, 0], r[0, 1], r[0, 2], r[1, 0], r[1, 1], r[1, 2], r[2, 0], r[2, 1], r[2, 2],
            Mod24(t[0]), Mod24(t[1]), Mod24(t[2]));

        public int[,] Matrix() => new[,] { { R0, R1, R2 }, { R3, R4, R5 }, { R6, R7, R8 } };

        /// <summary>this ∘ first.</summary>
        public Op After(Op first)
        {
            var r = new int[3, 3];
            var t = new int[3];
            for (int i = 0; i < 3; i++)
            {
                t[i] = T(i);
                for (int k = 0; k < 3; k++)
                {
                    t[i] += R(i, k) * first.T(k);
                    for (int j = 0; j < 3; j++) r[i, j] += R(i, k) * first.R(k, j);
                }
            }
            return Of(r, t);
        }

        public int Determinant =>
            R0 * (R4 * R8 - R5 * R7) - R1 * (R3 * R8 - R5 * R6) + R2 * (R3 * R7 - R4 * R6);
    }

    private static int Mod24(int v) => ((v % 24) + 24) % 24;

    private static Op Exact(SymmetryOperation op)
    {
        var r = new int[3, 3];
        var t = new int[3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double v = op.Rotation(i, j);
                Assert.True(v == Math.Round(v), $"rotation entry {v} of '{op}' is not an integer");
                r[i, j] = (int)v;
            }
            double t24 = op.Translation[i] * 24;
            Assert.True(Math.Abs(t24 - Math.Round(t24)) < 1e-9, $"translation of '{op}' is not a multiple of 1/24");
            t[i] = (int)Math.Round(t24);
        }
        return Op.Of(r, t);
    }

    private static List<Op> ExactOps(SpaceGroupSetting s) => s.Operations.Select(Exact).ToList();

    [Fact]
    public void Table_has_530_settings_in_Hall_order_and_all_230_numbers()
    {
        var all = SpaceGroupTable.All;
        Assert.Equal(530, all.Count);
        for (int i = 0; i < all.Count; i++) Assert.Equal(i + 1, all[i].HallNumber);
        Assert.Equal(Enumerable.Range(1, 230), all.Select(s => s.Number).Distinct().Order());
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Number <= p.Second.Number), "settings are not in number order");
        Assert.Equal(7388, all.Sum(s => s.Operations.Count));
        Assert.Same(all, SpaceGroupTable.All);
    }

    [Fact]
    public void Provenance_names_spglib_its_version_and_the_BSD_licence()
    {
        var header = SpaceGroupTable.Provenance;
        Assert.Matches(@"spglib \d+\.\d+\.\d+", header);
        Assert.Contains("BSD-3-Clause", header, StringComparison.Ordinal);
        Assert.Contains("libsymspg", header, StringComparison.Ordinal);
        Assert.Contains("scripts/generate-space-groups.py", header, StringComparison.Ordinal);
        using var stream = typeof(SpaceGroupTable).Assembly.GetManifestResourceStream("EOSnet.Crystals.Symmetry.space-groups.tsv");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        var first = reader.ReadLine()!;
        Assert.StartsWith("#", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_is_a_group_of_its_crystal_class_order_times_its_centring()
    {
        var failures = new List<string>();
        foreach (var s in SpaceGroupTable.All)
        {
            var ops = ExactOps(s);
            var set = ops.ToHashSet();
            var identity = Op.Of(new[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, [0, 0, 0]);
            if (set.Count != ops.Count) failures.Add($"{s}: repeated operations");
            if (!ops[0].Equals(identity)) failures.Add($"{s}: the first operation is not the identity");
            foreach (var a in ops)
            {
                if (Math.Abs(a.Determinant) != 1) failures.Add($"{s}: det {a.Determinant}");
                bool inverse = false;
                foreach (var b in ops)
                {
                    var ab = a.After(b);
                    if (!set.Contains(ab)) { failures.Add($"{s}: not closed under composition"); goto next; }
                    inverse |= ab.Equals(identity);
                }
                if (!inverse) { failures.Add($"{s}: an operation without inverse"); goto next; }
            }
            int order = PointGroupOrder(s.Number);
            var centring = Centring(LatticeLetter(s));
            int rotations = ops.Select(o => o.Rotation).Distinct().Count();
            if (rotations != order) failures.Add($"{s}: {rotations} distinct rotations, crystal class order {order}");
            if (ops.Count != order * centring.Length) failures.Add($"{s}: {ops.Count} operations, expected {order} × {centring.Length}");
            var translations = ops.Where(o => o.Rotation == identity.Rotation).Select(o => (o.T0, o.T1, o.T2)).Order().ToList();
            var expected = centring.Select(c => (c[0], c[1], c[2])).Order().ToList();
            if (!translations.SequenceEqual(expected)) failures.Add($"{s}: pure translations {string.Join(" ", translations)} are not the centring of '{LatticeLetter(s)}'");
            next:;
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void Settings_of_one_number_share_the_point_group_order_and_the_operations_per_lattice_point()
    {
        foreach (var group in SpaceGroupTable.All.GroupBy(s => s.Number))
        {
            var perPoint = group.Select(s => s.Operations.Count / Centring(LatticeLetter(s)).Length).Distinct().ToList();
            var rotations = group.Select(s => ExactOps(s).Select(o => o.Rotation).Distinct().Count()).Distinct().ToList();
            Assert.True(perPoint.Count == 1 && perPoint[0] == PointGroupOrder(group.Key), $"No. {group.Key}: operations per lattice point {string.Join(",", perPoint)}");
            Assert.True(rotations.Count == 1 && rotations[0] == PointGroupOrder(group.Key), $"No. {group.Key}: distinct rotations {string.Join(",", rotations)}");
            // Centring multiplicities only differ where the axes change the lattice (R with hexagonal against rhombohedral axes).
            var centrings = group.Select(s => Centring(LatticeLetter(s)).Length).Distinct().Count();
            Assert.True(centrings == 1 || Rhombohedral.Contains(group.Key), $"No. {group.Key}: settings with different centring multiplicities");
        }
    }

    [Fact]
    public void Operations_are_those_the_Hall_symbol_generates()
    {
        var failures = new List<string>();
        foreach (var s in SpaceGroupTable.All)
        {
            var generated = HallGenerator.Operations(s.HallSymbol);
            var table = ExactOps(s).ToHashSet();
            if (!generated.SetEquals(table))
                failures.Add($"{s}: Hall symbol gives {generated.Count} operations, table {table.Count}, {generated.Except(table).Count()} not in the table");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void Operations_print_as_the_table_writes_them_and_parse_back()
    {
        using var stream = typeof(SpaceGroupTable).Assembly.GetManifestResourceStream("EOSnet.Crystals.Symmetry.space-groups.tsv")!;
        using var reader = new StreamReader(stream);
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') rows.Add(line.Split('\t'));
        Assert.Equal(530, rows.Count);
        foreach (var s in SpaceGroupTable.All)
        {
            var text = rows[s.HallNumber - 1][7].Split(';');
            Assert.Equal(text, s.Operations.Select(o => o.ToString()));
            foreach (var op in s.Operations) Assert.True(SymmetryOperation.Parse(op.ToString()).EqualsModuloLattice(op, 1e-12));
        }
        var shifted = SymmetryOperation.Parse("-x+3/2, y-1, z+1/4");
        Assert.Equal("-x+3/2,y-1,z+1/4", shifted.ToString());
        Assert.True(shifted.EqualsModuloLattice(SymmetryOperation.Parse("-x+1/2,y,z+1/4")));
        Assert.False(shifted.EqualsModuloLattice(SymmetryOperation.Parse("-x,y,z+1/4")));
        var general = SymmetryOperation.Create(new[,] { { 2, -1, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, new Vec3(0, 0.3, -0.25));
        Assert.Equal("2*x-y,y+3/10,z-1/4", general.ToString());
        Assert.Equal("x+0.123,y,z", SymmetryOperation.Parse("x+0.123,y,z").ToString());
        Assert.True(SymmetryOperation.Parse(general.ToString()).EqualsModuloLattice(general, 1e-12));
        var screw = SymmetryOperation.Parse("-y,x-y,z+1/3");
        Assert.Equal("-x+y,-x,z+2/3", screw.Compose(screw).ToString());
        Assert.True(screw.Compose(screw).Compose(screw).EqualsModuloLattice(SymmetryOperation.Identity));
    }

    [Fact]
    public void No_two_symbols_of_the_table_differ_only_in_letter_case()
    {
        var spellings = SpaceGroupTable.All
            .SelectMany(s => new[] { s.HermannMauguinShort, s.HermannMauguinFull }.Concat(s.International.Split('=')))
            .Select(x => string.Concat(x.Where(c => !char.IsWhiteSpace(c) && c != '_')))
            .Distinct(StringComparer.Ordinal)
            .GroupBy(x => x.ToUpperInvariant())
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" / ", g))
            .ToList();
        Assert.Empty(spellings);
    }

    [Fact]
    public void Known_examples()
    {
        Assert.Equal("-P 2yn", SpaceGroupTable.FromHermannMauguin("P 21/n").Single().HallSymbol);
        Assert.Equal(192, SpaceGroupTable.FromHermannMauguin("Fm-3m").Single().Operations.Count);
        Assert.Same(SpaceGroupTable.FromHermannMauguin("Pm-3m").Single(), SpaceGroupTable.FromHermannMauguin("Pm3m").Single());
        var fd3m1 = SpaceGroupTable.FromHermannMauguin("F d -3 m :1").Single();
        Assert.Equal(("1", 227), (fd3m1.Choice, fd3m1.Number));
        var fd3m = SpaceGroupTable.FromHermannMauguin("Fd-3m");
        Assert.Equal(["1", "2"], fd3m.Select(s => s.Choice));
        Assert.Equal(["H", "R"], SpaceGroupTable.FromHermannMauguin("R -3 m").Select(s => s.Choice));
        Assert.Equal(32, SpaceGroupTable.FromHermannMauguin("I 41/a m d :1").Single().Operations.Count);
        Assert.Equal(14, SpaceGroupTable.FromHall("-P 2ybc")!.Number);
        Assert.Equal("Pnma", SpaceGroupTable.FromNumber(62).Single().HermannMauguinShort);
        Assert.Equal("P 1 2_1/c 1", SpaceGroupTable.FromNumber(14).Single().HermannMauguinFull);
        Assert.Equal(2, SpaceGroupTable.FromNumber(227).Count);
        Assert.Equal(["H", "R"], SpaceGroupTable.FromNumber(166).Select(s => s.Choice));
        Assert.Empty(SpaceGroupTable.FromHermannMauguin("P 7"));
        Assert.Empty(SpaceGroupTable.FromHermannMauguin("Xyz"));
        Assert.Empty(SpaceGroupTable.FromHermannMauguin(""));
        Assert.Empty(SpaceGroupTable.FromHermannMauguin("Pnma:1"));
        Assert.Empty(SpaceGroupTable.FromHermannMauguin("Fd-3m:3"));
        Assert.Null(SpaceGroupTable.FromHall("-P 2yq"));
        Assert.Null(SpaceGroupTable.FromHall(""));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpaceGroupTable.FromNumber(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpaceGroupTable.FromNumber(231));
    }

    [Theory]
    [InlineData("P21/n", "-P 2yn")]
    [InlineData("P 1 21/n 1", "-P 2yn")]
    [InlineData("P2_1/n", "-P 2yn")]
    [InlineData("p 21/N", "-P 2yn")]
    [InlineData("P 21/c", "-P 2ybc")]
    [InlineData("P 1 21/c 1", "-P 2ybc")]
    [InlineData("P 21/c :b2", "-P 2yn")]
    [InlineData("P 1 1 21/b", "-P 2bc")]
    [InlineData("P 21/b", "-P 2bc")]
    [InlineData("P 21/a", "-P 2yab")]
    [InlineData("C 2/c", "-C 2yc")]
    [InlineData("C2/c:-a1", "-C 2xc")]
    [InlineData("I 2/a", "-I 2ya")]
    [InlineData("A 2/a", "-A 2ya")]
    [InlineData("B 2/b", "-B 2b")]
    [InlineData("P 2", "P 2y")]
    [InlineData("P 2 :c", "P 2")]
    [InlineData("P 1 2 1", "P 2y")]
    [InlineData("C 2 :b1", "C 2y")]
    [InlineData("P 2 :b1", "P 2y")]
    [InlineData("Pc", "P -2yc")]
    [InlineData("P n m a", "-P 2ac 2n")]
    [InlineData("P b n m", "-P 2c 2ab")]
    [InlineData("Pnma:abc", "-P 2ac 2n")]
    [InlineData("P 21/n 21/m 21/a", "-P 2ac 2n")]
    [InlineData("P 21 21 21", "P 2ac 2ab")]
    [InlineData("Cmce", "-C 2ac 2")]
    [InlineData("Cmca", "-C 2ac 2")]
    [InlineData("C m c a", "-C 2ac 2")]
    [InlineData("Abma", "-A 2ab 2ab")]
    [InlineData("Abm2", "A 2 -2b")]
    [InlineData("Aba2", "A 2 -2ab")]
    [InlineData("Cmma", "-C 2a 2")]
    [InlineData("Cmmb", "-C 2a 2a")]
    [InlineData("C m m e", "-C 2a 2")]
    [InlineData("C 2/m 2/c 21/a", "-C 2ac 2")]
    [InlineData("Ccca:2", "-C 2a 2ac")]
    [InlineData("P 4_2/m n m", "-P 4n 2n")]
    [InlineData("P42/mnm", "-P 4n 2n")]
    [InlineData("P 42/m 21/n 2/m", "-P 4n 2n")]
    [InlineData("P 63/m m c", "-P 6c 2c")]
    [InlineData("P6_3/mmc", "-P 6c 2c")]
    [InlineData("P 6/m 2/m 2/m", "-P 6 2")]
    [InlineData("P 31 2 1", "P 31 2\"")]
    [InlineData("P 3_1 1 2", "P 31 2 (0 0 4)")]
    [InlineData("P -3 m 1", "-P 3 2\"")]
    [InlineData("R -3 m :H", "-R 3 2\"")]
    [InlineData("R -3 m H", "-R 3 2\"")]
    [InlineData("R-3m:R", "-P 3* 2")]
    [InlineData("R -3 m r", "-P 3* 2")]
    [InlineData("R 3 m (hexagonal axes)", "R 3 -2\"")]
    [InlineData("R3c rhombohedral axes", "P 3* -2n")]
    [InlineData("F d -3 m S", "F 4d 2 3 -1d")]
    [InlineData("F d -3 m Z", "-F 4vw 2vw 3")]
    [InlineData("Fd-3m:2", "-F 4vw 2vw 3")]
    [InlineData("Fd3m:2", "-F 4vw 2vw 3")]
    [InlineData("F d 3 m origin choice 2", "-F 4vw 2vw 3")]
    [InlineData("F d -3 m, origin choice 1", "F 4d 2 3 -1d")]
    [InlineData("P 4/n m m :2", "-P 4a 2a")]
    [InlineData("P 4/n 21/m 2/m :2", "-P 4a 2a")]
    [InlineData("I 41/a m d :2", "-I 4bd 2")]
    [InlineData("'P 21 3'", "P 2ac 2ab 3")]
    [InlineData("PM-3M", "-P 4 2 3")]
    [InlineData("pm3m", "-P 4 2 3")]
    [InlineData("Ia3d", "-I 4bd 2c 3")]
    [InlineData("P m \u22123 m", "-P 4 2 3")]
    [InlineData("P2\u2081/c", "-P 2ybc")]
    [InlineData("Pncb:1", "P 2 2 -1bc")]
    [InlineData("P n c b :2cab", "-P 2b 2bc")]
    public void Hermann_Mauguin_spellings_name_one_setting(string symbol, string hall)
    {
        var found = SpaceGroupTable.FromHermannMauguin(symbol);
        Assert.True(found.Count == 1, $"'{symbol}' gave {found.Count}: {string.Join("; ", found)}");
        Assert.Equal(hall, found[0].HallSymbol);
    }

    [Theory]
    [InlineData("Pm3", "Pm-3")]
    [InlineData("Fd3m", "Fd-3m")]
    [InlineData("Ia3d", "Ia-3d")]
    [InlineData("Pa3", "Pa-3")]
    [InlineData("Fm3", "Fm-3")]
    [InlineData("Im3", "Im-3")]
    [InlineData("Pn3", "Pn-3")]
    [InlineData("Fd3", "Fd-3")]
    [InlineData("Pn3n", "Pn-3n")]
    [InlineData("Pn3m", "Pn-3m")]
    [InlineData("Fm3c", "Fm-3c")]
    [InlineData("Fd3c", "Fd-3c")]
    [InlineData("Im3m", "Im-3m")]
    [InlineData("Pm3n", "Pm-3n")]
    [InlineData("F m 3 m", "F m -3 m")]
    [InlineData("Fm3m", "Fm-3m")]
    [InlineData("Ia3", "Ia-3")]
    public void Old_cubic_symbols_without_the_bar_are_the_same_settings(string old, string current)
    {
        var a = SpaceGroupTable.FromHermannMauguin(old);
        Assert.NotEmpty(a);
        Assert.Equal(SpaceGroupTable.FromHermannMauguin(current), a);
    }

    [Fact]
    public void Old_symbols_name_a_glide_that_the_e_setting_has()
    {
        // ITA Table 4.3.2.1: settings abc, ba-c, cab, -cba, bca, a-cb of Nos. 39, 41, 64, 67, 68 before 'e'.
        var old = new Dictionary<int, string[]>
        {
            [39] = ["Abm2", "Bma2", "B2cm", "C2mb", "Cm2a", "Ac2m"],
            [41] = ["Aba2", "Bba2", "B2cb", "C2cb", "Cc2a", "Ac2a"],
            [64] = ["Cmca", "Ccmb", "Abma", "Acam", "Bbcm", "Bmab"],
            [67] = ["Cmma", "Cmmb", "Abmm", "Acmm", "Bmcm", "Bmam"],
            [68] = ["Ccca", "Cccb", "Abaa", "Acaa", "Bbcb", "Bbab"],
        };
        string[] axes = ["abc", "ba-c", "cab", "-cba", "bca", "a-cb"];
        foreach (var (number, symbols) in old)
            for (int k = 0; k < 6; k++)
            {
                var found = SpaceGroupTable.FromHermannMauguin(symbols[k]);
                Assert.NotEmpty(found);
                foreach (var s in found)
                {
                    Assert.Equal(number, s.Number);
                    var settingAxes = s.Choice.TrimStart('1', '2');
                    Assert.Equal(axes[k], settingAxes.Length == 0 ? "abc" : settingAxes);
                    // The full symbol has 'e' where the old symbol has a letter, and the same letters elsewhere.
                    var full = s.HermannMauguinFull.Split(' ');
                    int e = Array.FindIndex(full, t => t.EndsWith('e'));
                    Assert.True(e > 0, $"{s}: no 'e' in the full symbol");
                    for (int p = 1; p <= 3; p++)
                        if (p != e && char.IsLetter(symbols[k][p])) Assert.Equal(symbols[k][p], full[p][^1]);
                    Assert.True(HasGlide(s, normal: e - 1, along: symbols[k][e] - 'a'), $"{s}: no {symbols[k][e]} glide normal to axis {e - 1}");
                }
            }
    }

    /// <summary>A reflection normal to axis <paramref name="normal"/> whose in-plane translation is half a period along <paramref name="along"/> only.</summary>
    private static bool HasGlide(SpaceGroupSetting s, int normal, int along)
    {
        var mirror = new int[3, 3];
        for (int i = 0; i < 3; i++) mirror[i, i] = i == normal ? -1 : 1;
        foreach (var op in ExactOps(s))
        {
            if (!op.Rotation.Equals(Op.Of(mirror, [0, 0, 0]).Rotation)) continue;
            bool ok = true;
            for (int i = 0; i < 3; i++)
                if (i != normal) ok &= op.T(i) == (i == along ? 12 : 0);
            if (ok) return true;
        }
        return false;
    }

    [Fact]
    public void Every_setting_is_found_by_its_own_symbols_and_its_Hall_symbol()
    {
        foreach (var s in SpaceGroupTable.All)
        {
            var byHall = SpaceGroupTable.FromHall(s.HallSymbol);
            Assert.NotNull(byHall);
            if (!ReferenceEquals(byHall, s))
            {
                Assert.True(byHall.HallNumber < s.HallNumber && byHall.HallSymbol == s.HallSymbol, $"{s}: Hall symbol gives {byHall}");
                Assert.True(ExactOps(byHall).ToHashSet().SetEquals(ExactOps(s)), $"{s}: same Hall symbol as {byHall} but other operations");
            }
            Assert.Same(byHall, SpaceGroupTable.FromHall("  " + s.HallSymbol.ToUpperInvariant().Replace("-", "- ", StringComparison.Ordinal) + " "));
            Assert.Same(byHall, SpaceGroupTable.FromHall(s.HallSymbol.Replace(" (", "( ", StringComparison.Ordinal).Replace(' ', '_')));

            var withChoice = s.Choice.Length > 0 ? $"{s.HermannMauguinFull} :{s.Choice}" : s.HermannMauguinFull;
            var found = SpaceGroupTable.FromHermannMauguin(withChoice);
            Assert.True(found.Count == 1 && (ReferenceEquals(found[0], s) || found[0].HallSymbol == s.HallSymbol && s.Choice.Length == 0),
                $"'{withChoice}' gave {string.Join("; ", found)} for {s}");

            foreach (var spelling in new[] { s.HermannMauguinShort, s.HermannMauguinFull }.Concat(s.International.Split('=')))
            {
                var any = SpaceGroupTable.FromHermannMauguin(spelling);
                Assert.True(any.Count is 1 or 2 && any.All(x => x.Number == s.Number), $"'{spelling}' of {s} gave {string.Join("; ", any)}");
                Assert.Equal(any, SpaceGroupTable.FromHermannMauguin(spelling.ToUpperInvariant().Replace("_", "", StringComparison.Ordinal)));
                Assert.Equal(any, SpaceGroupTable.FromHermannMauguin(spelling.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()));
                if (any.Count == 2)
                    Assert.True(TwoOrigins.Contains(s.Number) || Rhombohedral.Contains(s.Number), $"'{spelling}' is ambiguous: {string.Join("; ", any)}");
            }
        }
    }

    [Fact]
    public void Hall_symbols_spelled_with_other_generators_find_the_setting_with_their_operations()
    {
        // spglib 2.0.2 (Debian bookworm's libsymspg1) spells these 57 settings as Hall's and ITB's lists do; 2.1+ changed
        // the spelling, not the operations. CIFs carry either.
        var older = new Dictionary<int, string>
        {
            [40] = "A -2yac", [43] = "C -2ybc", [46] = "B -2bc", [49] = "A -2ac", [52] = "C -2xbc", [55] = "B -2xbc", [91] = "-A 2yac",
            [94] = "-C 2ybc", [97] = "-B 2bc", [100] = "-A 2ac", [103] = "-C 2xbc", [106] = "-B 2xbc", [191] = "A 2 -2c", [192] = "B 2 -2c",
            [193] = "B -2c 2", [194] = "C -2b 2", [195] = "C -2b -2b", [196] = "A -2c -2c", [203] = "A 2 -2ac", [204] = "B 2 -2bc",
            [205] = "B -2bc 2", [206] = "C -2bc 2", [207] = "C -2bc -2bc", [208] = "A -2ac -2ac", [304] = "-C 2bc 2", [305] = "-C 2bc 2bc",
            [306] = "-A 2ac 2ac", [307] = "-A 2 2ac", [308] = "-B 2 2bc", [309] = "-B 2bc 2", [316] = "-C 2b 2", [317] = "-C 2b 2b",
            [318] = "-A 2c 2c", [319] = "-A 2 2c", [320] = "-B 2 2c", [321] = "-B 2c 2", [322] = "C 2 2 -1bc", [323] = "-C 2b 2bc",
            [324] = "C 2 2 -1bc", [325] = "-C 2b 2c", [326] = "A 2 2 -1ac", [327] = "-A 2a 2c", [328] = "A 2 2 -1ac", [329] = "-A 2ac 2c",
            [330] = "B 2 2 -1bc", [331] = "-B 2bc 2b", [332] = "B 2 2 -1bc", [333] = "-B 2b 2bc", [440] = "P 31 2c (0 0 1)",
            [442] = "P 32 2c (0 0 -1)", [472] = "P 61 2 (0 0 -1)", [474] = "P 62 2c (0 0 1)", [475] = "P 64 2c (0 0 -1)",
            [515] = "F -4c 2 3", [524] = "-F 4c 2 3", [527] = "F 4d 2 3 -1cd", [528] = "-F 4cvw 2vw 3",
        };
        foreach (var (hallNumber, hall) in older)
        {
            var s = SpaceGroupTable.All[hallNumber - 1];
            Assert.NotEqual(hall, s.HallSymbol);
            Assert.Equal(HallGenerator.Operations(hall), ExactOps(s).ToHashSet());
            var found = SpaceGroupTable.FromHall(hall);
            Assert.NotNull(found);
            Assert.True(ExactOps(found).ToHashSet().SetEquals(ExactOps(s)), $"'{hall}' gave {found}, expected {s}");
            Assert.True(ReferenceEquals(found, s) || found.HallNumber < s.HallNumber, $"'{hall}' gave {found}, expected {s}");
            Assert.Same(found, SpaceGroupTable.FromHall(hall.Replace(" (", "(", StringComparison.Ordinal).Replace(" 0", ",0", StringComparison.Ordinal)));
        }
        Assert.Null(SpaceGroupTable.FromHall("P 2 (1 0 0)"));  // a valid Hall symbol, origin off the table's
        Assert.Null(SpaceGroupTable.FromHall("P 5"));
        Assert.Null(SpaceGroupTable.FromHall("Q 2"));
        Assert.Null(SpaceGroupTable.FromHall("P 2 (0 0)"));
        Assert.Null(SpaceGroupTable.FromHall("P 4 4 4 4 4 4"));
    }

    [Fact]
    public void FromNumber_gives_the_standard_setting_or_both_where_convention_does_not_decide()
    {
        for (int n = 1; n <= 230; n++)
        {
            var settings = SpaceGroupTable.FromNumber(n);
            Assert.All(settings, s => Assert.Equal(n, s.Number));
            if (TwoOrigins.Contains(n)) Assert.Equal(["1", "2"], settings.Select(s => s.Choice));
            else if (Rhombohedral.Contains(n)) Assert.Equal(["H", "R"], settings.Select(s => s.Choice));
            else Assert.Single(settings);
            if (n is >= 3 and <= 15) Assert.Contains(settings.Single().Choice, new[] { "b", "b1" });
            else if (n is >= 16 and <= 74 && !TwoOrigins.Contains(n)) Assert.Equal("", settings.Single().Choice);
            // The standard setting is spglib's first of the number (Hall numbers follow ITA's order).
            Assert.Equal(SpaceGroupTable.All.First(s => s.Number == n), settings[0]);
            Assert.Equal(settings, SpaceGroupTable.FromHermannMauguin(settings[0].HermannMauguinShort));
        }
    }

    [Fact]
    public void Lookups_are_safe_from_many_threads()
    {
        var results = new SpaceGroupSetting[16];
        Parallel.For(0, 16, i => results[i] = SpaceGroupTable.FromHermannMauguin("Pnma").Single());
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    /// <summary>
    /// The operations a Hall symbol generates (Hall 1981; Grosse-Kunstleve 1999), written from the notation's definition:
    /// lattice centring, optional inversion, up to four rotation matrices with default axes, and a change of origin (v/12).
    /// </summary>
    private static class HallGenerator
    {
        private static readonly Dictionary<(int N, char Axis), int[,]> Rotations = new()
        {
            [(1, 'z')] = new[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
            [(2, 'x')] = new[,] { { 1, 0, 0 }, { 0, -1, 0 }, { 0, 0, -1 } },
            [(2, 'y')] = new[,] { { -1, 0, 0 }, { 0, 1, 0 }, { 0, 0, -1 } },
            [(2, 'z')] = new[,] { { -1, 0, 0 }, { 0, -1, 0 }, { 0, 0, 1 } },
            [(3, 'x')] = new[,] { { 1, 0, 0 }, { 0, 0, -1 }, { 0, 1, -1 } },
            [(3, 'y')] = new[,] { { -1, 0, 1 }, { 0, 1, 0 }, { -1, 0, 0 } },
            [(3, 'z')] = new[,] { { 0, -1, 0 }, { 1, -1, 0 }, { 0, 0, 1 } },
            [(4, 'x')] = new[,] { { 1, 0, 0 }, { 0, 0, -1 }, { 0, 1, 0 } },
            [(4, 'y')] = new[,] { { 0, 0, 1 }, { 0, 1, 0 }, { -1, 0, 0 } },
            [(4, 'z')] = new[,] { { 0, -1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } },
            [(6, 'x')] = new[,] { { 1, 0, 0 }, { 0, 1, -1 }, { 0, 1, 0 } },
            [(6, 'y')] = new[,] { { 0, 0, 1 }, { 0, 1, 0 }, { -1, 0, 1 } },
            [(6, 'z')] = new[,] { { 1, -1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } },
            [(3, '*')] = new[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 } },
        };

        // Two-fold axes along the face diagonals, relative to the preceding axis: ' is b-c, c-a, a-b; " is b+c, c+a, a+b.
        private static readonly Dictionary<(char Prime, char Preceding), int[,]> Diagonal = new()
        {
            [('\'', 'x')] = new[,] { { -1, 0, 0 }, { 0, 0, -1 }, { 0, -1, 0 } },
            [('\'', 'y')] = new[,] { { 0, 0, -1 }, { 0, -1, 0 }, { -1, 0, 0 } },
            [('\'', 'z')] = new[,] { { 0, -1, 0 }, { -1, 0, 0 }, { 0, 0, -1 } },
            [('"', 'x')] = new[,] { { -1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 } },
            [('"', 'y')] = new[,] { { 0, 0, 1 }, { 0, -1, 0 }, { 1, 0, 0 } },
            [('"', 'z')] = new[,] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, -1 } },
        };

        private static readonly Dictionary<char, int[]> Translations = new()
        {
            ['a'] = [12, 0, 0], ['b'] = [0, 12, 0], ['c'] = [0, 0, 12], ['n'] = [12, 12, 12],
            ['u'] = [6, 0, 0], ['v'] = [0, 6, 0], ['w'] = [0, 0, 6], ['d'] = [6, 6, 6],
        };

        public static HashSet<Op> Operations(string hall)
        {
            var shift = new int[3];
            int open = hall.IndexOf('(', StringComparison.Ordinal);
            if (open >= 0)
            {
                var v = hall[(open + 1)..hall.IndexOf(')', StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (int i = 0; i < 3; i++) shift[i] = 2 * int.Parse(v[i], System.Globalization.CultureInfo.InvariantCulture); // 1/12 → 1/24
                hall = hall[..open];
            }
            var tokens = hall.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            bool centric = tokens[0].StartsWith('-');
            char lattice = tokens[0][centric ? 1 : 0];
            var generators = new List<Op>();
            foreach (var c in Centring(lattice)) generators.Add(Op.Of(Rotations[(1, 'z')], c));
            if (centric) generators.Add(Op.Of(Negate(Rotations[(1, 'z')]), [0, 0, 0]));
            int previousN = 0;
            char previousAxis = 'z';
            for (int k = 1; k < tokens.Length; k++)
            {
                string tok = tokens[k];
                int i = 0;
                bool improper = tok[i] == '-';
                if (improper) i++;
                int n = tok[i++] - '0';
                int screw = 0;
                if (i < tok.Length && char.IsDigit(tok[i])) screw = tok[i++] - '0';
                char axis = '\0';
                if (i < tok.Length && "xyz'\"*".Contains(tok[i], StringComparison.Ordinal)) axis = tok[i++];
                var t = new int[3];
                for (; i < tok.Length; i++)
                    for (int j = 0; j < 3; j++) t[j] += Translations[tok[i]][j];
                if (axis == '\0')
                    axis = (k, n) switch
                    {
                        (_, 1) => 'z',
                        (1, _) => 'z',
                        (2, 2) when previousN is 2 or 4 => 'x',
                        (2, 2) when previousN is 3 or 6 => '\'',
                        (3, 3) => '*',
                        _ => throw new FormatException($"Hall symbol '{hall}': no default axis for '{tok}'"),
                    };
                int[,] r = axis is '\'' or '"' ? Diagonal[(axis, previousAxis)] : Rotations[(n, n == 1 ? 'z' : axis)];
                if (screw != 0)
                {
                    int along = axis - 'x';
                    Assert.InRange(along, 0, 2);
                    t[along] += 24 * screw / n;
                }
                generators.Add(Op.Of(improper ? Negate(r) : r, t));
                previousN = n;
                if (axis is 'x' or 'y' or 'z') previousAxis = axis;
            }
            var group = new HashSet<Op> { Op.Of(Rotations[(1, 'z')], [0, 0, 0]) };
            var queue = new Queue<Op>(group);
            while (queue.Count > 0)
            {
                var g = queue.Dequeue();
                foreach (var h in generators)
                {
                    var p = h.After(g);
                    if (group.Add(p)) queue.Enqueue(p);
                }
                Assert.True(group.Count <= 192, $"Hall symbol '{hall}' generates more than 192 operations");
            }
            // Change of origin: (R, t) → (R, t + (I − R)·v).
            return group.Select(g =>
            {
                var r = g.Matrix();
                var t = new int[3];
                for (int i = 0; i < 3; i++)
                {
                    t[i] = g.T(i) + shift[i];
                    for (int j = 0; j < 3; j++) t[i] -= r[i, j] * shift[j];
                }
                return Op.Of(r, t);
            }).ToHashSet();
        }

        private static int[,] Negate(int[,] r)
        {
            var m = new int[3, 3];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) m[i, j] = -r[i, j];
            return m;
        }
    }
}
