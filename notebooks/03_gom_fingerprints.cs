// %% [setup]
#:package EOSnet.MLNet@0.1.0
#:package EOSnet.MLNet.Plots@0.1.0
#:property WarningsAsErrors=
using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using EOSnet.Featurization;
static string DataFile(string name) => Path.Combine(Environment.GetEnvironmentVariable("EOSNET_DATA_DIR") ?? Path.Combine("..", "..", "shared", "data"), name);
static void Show(string png) => Console.WriteLine($"[plot] {Path.GetFullPath(png)}");

// %% [markdown]
// # The GOM fingerprint, explored
//
// Each atom's fingerprint is the sorted eigenvalue spectrum of the Gaussian overlap matrix of the atoms within 6 Å
// (amplitudes (1 − d²/r_c²)², radii = covalent radii). Below: raw spectra of a few real crystals, the invariances
// that make it a good descriptor, and s versus s+p orbitals.

// %%
var crystals = new MatbenchJsonReader(DataFile("matbench_log_kvrh.json.gz")).Read().Take(4).Select(r => r.Crystal).ToList();
var gom = new GomFingerprint();
var plot = new ScottPlot.Plot();
foreach (var c in crystals)
{
    var result = gom.Compute(c, includeSpectra: true);
    var spectrum = result.SpectrumOf(0).ToArray().TakeWhile(v => v > 1e-10).ToArray();
    var line = plot.Add.Scatter(Enumerable.Range(1, spectrum.Length).Select(i => (double)i).ToArray(), spectrum);
    line.LegendText = $"{c.Id} {c.Formula} (atom 0, {result.SphereSizes[0]} in sphere)";
    Console.WriteLine($"{c.Id} {c.Formula}: {c.Count} atoms, sphere sizes {string.Join(",", result.SphereSizes)}, largest eigenvalue {spectrum[0]:F3}");
}
plot.Axes.Left.Label.Text = "eigenvalue";
plot.Axes.Bottom.Label.Text = "rank";
plot.ShowLegend();
plot.SavePng("gom_spectra.png", 800, 500);
Show("gom_spectra.png");

// %% [markdown]
// Rotating, translating, permuting atoms or building a supercell leaves every atom's fingerprint unchanged.

// %%
var crystal = crystals[0];
var reference = gom.Compute(crystal);
double t = 0.7, cs = Math.Cos(t), sn = Math.Sin(t);
var rotated = gom.Compute(crystal.Rotate(new[] { cs, -sn, 0, sn, cs, 0, 0, 0, 1 }).Translate(new Vec3(1.3, -2.2, 0.4)));
var super = gom.Compute(crystal.Supercell(2, 1, 1));
double maxRot = reference.Fingerprints.Zip(rotated.Fingerprints, (a, b) => Math.Abs(a - b)).Max();
double maxSuper = 0;
for (int i = 0; i < crystal.Count; i++)
    for (int copy = 0; copy < 2; copy++)
        maxSuper = Math.Max(maxSuper, reference.Of(i).ToArray().Zip(super.Of(2 * i + copy).ToArray(), (a, b) => Math.Abs(a - b)).Max());
Console.WriteLine($"largest change: rotation+translation {maxRot:E1}, supercell {maxSuper:E1}");
if (maxRot > 1e-9 || maxSuper > 1e-9) throw new Exception("fingerprint not invariant");

// %% [markdown]
// s+p orbitals (libfp convention) give four eigenvalues per sphere member and a 264-value fingerprint that also
// sees bond directions.

// %%
var sp = new GomFingerprint(GomOptions.SPDefault).Compute(crystal, includeSpectra: true);
Console.WriteLine($"s: {reference.FingerprintLength} values per atom; s+p: {sp.FingerprintLength} values per atom");
Console.WriteLine($"atom 0, five largest s+p eigenvalues: {string.Join(", ", sp.SpectrumOf(0).ToArray().Take(5).Select(v => v.ToString("F3")))}");
