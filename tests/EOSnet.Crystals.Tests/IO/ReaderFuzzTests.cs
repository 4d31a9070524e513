using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using EOSnet.Crystals.IO;
using EOSnet.TestSupport;
using Xunit.Abstractions;

namespace EOSnet.Crystals.Tests.IO;

/// <summary>
/// Mutation fuzzing of every reader (CIF, POSCAR, extxyz, Matbench JSON, id_prop folders) over the real fixtures, plus
/// hand-made hostile inputs. Every case must parse or fail with a <see cref="StructureFormatException"/> that names
/// the file; nothing may throw anything else or run past the per-file time limit. Cases: $EOSNET_FUZZ_CASES
/// (default 10,000; the soak in docs/reliability.md uses 200,000).
/// </summary>
public class ReaderFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(5);
    private static readonly string[] HostileNumbers = { "1e308", "-1e308", "NaN", "nan", "Infinity", "-inf", "1e-320", "99999999999999999999999", "-0", "", "1,5", "0x1F", "١٢" };

    private sealed record Seed(string Name, byte[] Content, bool Folder);

    private static List<Seed> Seeds()
    {
        var seeds = new List<Seed>();
        string fixtures = SharedData.Data("fixtures");
        foreach (var f in Directory.GetFiles(Path.Combine(fixtures, "cif")).Concat(Directory.GetFiles(Path.Combine(fixtures, "poscar")))
                     .Concat(Directory.GetFiles(Path.Combine(fixtures, "extxyz"))).OrderBy(f => f, StringComparer.Ordinal))
            seeds.Add(new Seed(Path.GetFileName(f), File.ReadAllBytes(f), false));
        using (var gz = new GZipStream(File.OpenRead(SharedData.Data("small/megnet_bulk_moduli.json.gz")), CompressionMode.Decompress))
        using (var ms = new MemoryStream()) { gz.CopyTo(ms); seeds.Add(new Seed("megnet_bulk_moduli.json", ms.ToArray(), false)); }
        // An id_prop folder: the CSV is mutated, the structure files stay valid.
        var idProp = string.Join("\n", new[] { "perov5_cmr_1,1.5", "perov5_cmr_5410,-0.25" }) + "\n";
        seeds.Add(new Seed("id_prop.csv", Encoding.UTF8.GetBytes(idProp), true));
        return seeds;
    }

    private static byte[] Mutate(byte[] input, Random rng, out string how)
    {
        var text = Encoding.UTF8.GetString(input);
        var lines = text.Split('\n').ToList();
        switch (rng.Next(9))
        {
            case 0:
                {
                    var b = (byte[])input.Clone();
                    int flips = 1 + rng.Next(3);
                    for (int k = 0; k < flips && b.Length > 0; k++) b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                    how = $"{flips} bit flip(s)";
                    return b;
                }
            case 1:
                {
                    int at = rng.Next(input.Length + 1);
                    how = $"truncated at {at}";
                    return input[..at];
                }
            case 2:
                {
                    int i = rng.Next(lines.Count);
                    lines.Insert(i, lines[i]);
                    how = $"line {i} duplicated";
                    break;
                }
            case 3:
                {
                    int i = rng.Next(lines.Count);
                    lines.RemoveAt(i);
                    how = $"line {i} deleted";
                    break;
                }
            case 4:
            case 5:
                {
                    // Replace a number with a hostile one.
                    var numbers = System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+(\.\d+)?([eE][-+]?\d+)?").ToList();
                    if (numbers.Count == 0) goto case 0;
                    var m = numbers[rng.Next(numbers.Count)];
                    string with = HostileNumbers[rng.Next(HostileNumbers.Length)];
                    how = $"number '{m.Value}' at {m.Index} → '{with}'";
                    return Encoding.UTF8.GetBytes(text[..m.Index] + with + text[(m.Index + m.Length)..]);
                }
            case 6:
                {
                    int at = rng.Next(input.Length + 1);
                    var junk = new byte[] { 0xFF, 0xFE, 0xC3, 0x28, 0x00, 0xE2, 0x82 };
                    how = $"non-UTF-8 bytes at {at}";
                    return input[..at].Concat(junk.Take(1 + rng.Next(junk.Length))).Concat(input[at..]).ToArray();
                }
            case 7:
                {
                    int i = rng.Next(lines.Count), j = rng.Next(lines.Count);
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    how = $"lines {i} and {j} swapped";
                    break;
                }
            default:
                {
                    var tokens = text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
                    if (tokens.Length < 2) goto case 0;
                    string a = tokens[rng.Next(tokens.Length)], b = tokens[rng.Next(tokens.Length)];
                    int at = text.IndexOf(a, StringComparison.Ordinal);
                    how = $"token '{a}' → '{b}'";
                    return Encoding.UTF8.GetBytes(text[..at] + b + text[(at + a.Length)..]);
                }
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    /// <summary>Hand-made hostile inputs: degenerate cells, overlapping atoms, enormous cells and atom counts, Z &gt; 118.</summary>
    private static IEnumerable<(string Name, string Content)> Hostile()
    {
        const string head = "hostile\n1.0\n";
        yield return ("zero_volume.vasp", head + "1 0 0\n2 0 0\n0 0 1\nSi\n1\nDirect\n0 0 0\n");
        yield return ("negative_volume_scale.vasp", "neg\n-0.0\n1 0 0\n0 1 0\n0 0 1\nSi\n1\nDirect\n0 0 0\n");
        yield return ("left_handed.vasp", head + "1 0 0\n0 1 0\n0 0 -1\nSi\n1\nDirect\n0 0 0\n"); // valid (mirror cell)
        yield return ("overlap.vasp", head + "4 0 0\n0 4 0\n0 0 4\nSi\n2\nDirect\n0.1 0.1 0.1\n0.1 0.1 0.1\n");
        yield return ("enormous_cell.vasp", head + "1e9 0 0\n0 1e9 0\n0 0 1e9\nSi\n1\nDirect\n0.5 0.5 0.5\n");
        yield return ("nan_coordinate.vasp", head + "4 0 0\n0 4 0\n0 0 4\nSi\n1\nDirect\nNaN 0 0\n");
        yield return ("unknown_element.vasp", head + "4 0 0\n0 4 0\n0 0 4\nXq\n1\nDirect\n0 0 0\n");
        yield return ("count_mismatch.vasp", head + "4 0 0\n0 4 0\n0 0 4\nSi O\n1\nDirect\n0 0 0\n");
        yield return ("huge_count.vasp", head + "4 0 0\n0 4 0\n0 0 4\nSi\n2147483647\nDirect\n0 0 0\n");
        var many = new StringBuilder("many\n1.0\n100 0 0\n0 100 0\n0 0 100\nH\n100001\nDirect\n");
        var rng = new Random(5);
        for (int i = 0; i < 100_001; i++) many.Append(rng.NextDouble().ToString("R")).Append(' ').Append(rng.NextDouble().ToString("R")).Append(' ').Append(rng.NextDouble().ToString("R")).Append('\n');
        yield return ("over_1e5_atoms.vasp", many.ToString());
        yield return ("z_119.extxyz", "1\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3 target=1.0\nUue 0 0 0\n");
        yield return ("z_number_200.extxyz", "1\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=Z:I:1:pos:R:3 target=1.0\n200 0 0 0\n");
        yield return ("cif_zero_cell.cif", "data_x\n_cell_length_a 0\n_cell_length_b 1\n_cell_length_c 1\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nSi1 Si 0 0 0\n");
        yield return ("cif_angles_impossible.cif", "data_x\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\n_cell_angle_alpha 170\n_cell_angle_beta 170\n_cell_angle_gamma 170\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nSi1 0 0 0\n");
        yield return ("json_not_matbench.json", "{\"index\": [1], \"columns\": [\"structure\"], \"data\": [[{\"lattice\": {\"matrix\": [[0,0,0],[0,0,0],[0,0,0]]}, \"sites\": []}]]}");
        yield return ("json_deep.json", new string('[', 100_000) + new string(']', 100_000));
    }

    [SharedDataFact]
    public void Every_reader_survives_mutated_and_hostile_inputs_with_typed_errors()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("EOSNET_FUZZ_CASES"), out var n) ? n : 10_000;
        var seeds = Seeds();
        var rng = new Random(20261127);
        string dir = Directory.CreateTempSubdirectory("eosnet-fuzz").FullName;
        string poscars = SharedData.Data("fixtures/poscar");
        int parsed = 0, typed = 0;
        var unhandled = new List<string>();
        var errorKinds = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        void Check(string path, string what)
        {
            var task = Task.Run(() =>
            {
                try
                {
                    var records = StructureReader.Read(path).ToList();
                    foreach (var r in records)
                        if (r.Crystal.Count == 0 || r.Crystal.CartesianPositions.Any(p => !p.IsFinite) || !double.IsFinite(r.Crystal.Lattice.Volume) || r.Crystal.Lattice.Volume == 0)
                            return $"accepted an invalid structure ({r.Id}: {r.Crystal.Count} atoms, volume {r.Crystal.Lattice.Volume})";
                    Interlocked.Increment(ref parsed);
                    return null;
                }
                catch (StructureFormatException e)
                {
                    if (!e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal) && !e.Message.Contains(Path.GetFileName(Path.GetDirectoryName(path)!), StringComparison.Ordinal))
                        return $"error does not name the file: {e.Message}";
                    Interlocked.Increment(ref typed);
                    lock (errorKinds) errorKinds[e.GetType().Name] = errorKinds.GetValueOrDefault(e.GetType().Name) + 1;
                    return null;
                }
                catch (Exception e) { return $"{e.GetType().Name}: {e.Message}"; }
            });
            string? problem = task.Wait(PerFileLimit) ? task.Result : $"no answer within {PerFileLimit.TotalSeconds} s";
            if (problem is not null) unhandled.Add($"{what}: {problem}");
        }

        for (int c = 0; c < cases; c++)
        {
            var seed = seeds[c % seeds.Count];
            var bytes = Mutate(seed.Content, rng, out var how);
            if (seed.Folder)
            {
                string folder = Path.Combine(dir, $"case{c}");
                Directory.CreateDirectory(folder);
                File.Copy(Path.Combine(poscars, "perov5_cmr_1.vasp"), Path.Combine(folder, "perov5_cmr_1.vasp"));
                File.Copy(Path.Combine(poscars, "perov5_cmr_5410.vasp"), Path.Combine(folder, "perov5_cmr_5410.vasp"));
                File.WriteAllBytes(Path.Combine(folder, "id_prop.csv"), bytes);
                Check(folder, $"case {c} ({seed.Name}, {how})");
                Directory.Delete(folder, true);
            }
            else
            {
                string path = Path.Combine(dir, $"case{c}_{seed.Name}");
                File.WriteAllBytes(path, bytes);
                Check(path, $"case {c} ({seed.Name}, {how})");
                File.Delete(path);
            }
        }
        int hostile = 0;
        foreach (var (name, content) in Hostile())
        {
            string path = Path.Combine(dir, name);
            File.WriteAllText(path, content);
            Check(path, $"hostile {name}");
            hostile++;
        }
        string summary = $"reader fuzzing: {cases} mutated + {hostile} hostile cases in {clock.Elapsed.TotalSeconds:F1} s: {parsed} parsed, {typed} typed errors ({string.Join(", ", errorKinds.Select(k => $"{k.Key} {k.Value}"))}), {unhandled.Count} unhandled";
        output.WriteLine(summary);
        Console.WriteLine($"[eosnet] {summary}");
        Assert.True(unhandled.Count == 0, summary + "\n" + string.Join("\n", unhandled.Take(15)));
        Assert.True(parsed > 0 && typed > 0, summary);
    }
}

/// <summary>Regressions found by the fuzz soak, pinned as plain tests.</summary>
public class ReaderFuzzRegressionTests
{
    [SharedDataTheory]
    [InlineData("\"index\"")]
    [InlineData("\"columns\"")]
    [InlineData("\"sites\"")]
    public void Invalid_UTF8_inside_a_Matbench_string_is_a_format_error(string after)
    {
        // Soak case 94509: bit flips made a string of invalid UTF-8 (System.Text.Json then throws InvalidOperationException).
        using var gz = new GZipStream(File.OpenRead(SharedData.Data("small/megnet_bulk_moduli.json.gz")), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        var bytes = ms.ToArray();
        int at = Encoding.UTF8.GetString(bytes).IndexOf(after, StringComparison.Ordinal);
        int quote = Array.IndexOf(bytes, (byte)'"', at + after.Length + 1); // opening quote of the next string value
        bytes[quote + 1] = 0xFF;
        string path = Path.Combine(Directory.CreateTempSubdirectory("fuzz-regression").FullName, "bad_utf8.json");
        File.WriteAllBytes(path, bytes);
        var e = Record.Exception(() => StructureReader.Read(path).ToList());
        Assert.True(e is null || e is StructureFormatException, $"{e?.GetType().Name}: {e?.Message}");
        if (e is not null) Assert.Contains("bad_utf8.json", e.Message);
    }
}
