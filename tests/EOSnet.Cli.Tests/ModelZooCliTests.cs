using System.Globalization;
using System.IO.Compression;
using EOSnet.TestSupport;

namespace EOSnet.Cli.Tests;

/// <summary><c>eosnet models</c>, <c>eosnet import</c> and zoo names after <c>--model</c>, through the real binary.</summary>
public class ModelZooCliTests
{
    private static string Checkpoint(string name) => Path.Combine(SharedData.Root!, "models", name + ".model_best.pth.tar");

    private static Dictionary<string, double> ReadPredictions(string csv) =>
        File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).Where(f => f[2] == "ok").ToDictionary(f => f[1], f => double.Parse(f[4], CultureInfo.InvariantCulture));

    [SharedDataFact]
    public void Models_lists_every_published_model_with_its_era()
    {
        var (code, output, err) = CliProcessTests.Run("models");
        Assert.True(code == 0, $"exit {code}: {err}");
        foreach (var name in new[] { "mp2024-eform", "mp2018-bgap", "mp-all-band-class", "matgl-k", "qmof-e", "m-b-c-phon" })
            Assert.Contains(name, output, StringComparison.Ordinal);
        Assert.Contains("paper", output, StringComparison.Ordinal);
        Assert.Contains("current", output, StringComparison.Ordinal);
        Assert.DoesNotContain("carries no checkpoints", output + err, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void An_imported_model_zip_and_the_zoo_name_predict_the_same_values()
    {
        var dir = Directory.CreateTempSubdirectory("eosnet-zoo-cli").FullName;
        string zip = Path.Combine(dir, "model.zip");
        var (code, output, err) = CliProcessTests.Run("import", Checkpoint("MP2018_Eform"), "--out", zip);
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.Contains("MP2018_Eform: formation energy (eV/atom)", output, StringComparison.Ordinal);

        // The golden POSCARs, less the one whose atom has no neighbour within 8 Å (an error under the default policy).
        string input = Directory.CreateDirectory(Path.Combine(dir, "poscar")).FullName;
        foreach (var file in Directory.GetFiles(SharedData.Golden("poscar"), "*.vasp").Where(f => !f.Contains("isolated", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(input, Path.GetFileName(file)));
        string fromZip = Path.Combine(dir, "zip.csv"), fromZoo = Path.Combine(dir, "zoo.csv");
        (code, _, err) = CliProcessTests.Run("predict", "--model", zip, input, "--out", fromZip);
        Assert.True(code == 0, $"exit {code}: {err}");
        (code, _, err) = CliProcessTests.Run("predict", "--model", "mp2018-eform", input, "--out", fromZoo);
        Assert.True(code == 0, $"exit {code}: {err}");
        var a = ReadPredictions(fromZip);
        var b = ReadPredictions(fromZoo);
        Assert.True(a.Count >= 10, $"only {a.Count} predictions");
        Assert.Equal(a, b);
        Assert.All(a.Values, v => Assert.True(double.IsFinite(v) && Math.Abs(v) < 6, $"formation energy {v} eV/atom"));

        (code, _, err) = CliProcessTests.Run("export-onnx", "--model", "mp2018-eform", "--out", Path.Combine(dir, "model.onnx"));
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.True(new FileInfo(Path.Combine(dir, "model.onnx")).Length > 100_000);
    }

    [SharedDataFact]
    public void Evaluate_accepts_a_zoo_name_and_scores_labelled_structures()
    {
        // The first 40 MP2018 training structures, with the DFT targets of the authors' file in place of target=0.0.
        var targets = File.ReadLines(Path.Combine(SharedData.Root!, "models", "MP2018_Eform.train_results.csv"))
            .Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1].Trim(), StringComparer.Ordinal);
        var dir = Directory.CreateTempSubdirectory("eosnet-zoo-cli").FullName;
        string labelled = Path.Combine(dir, "labelled.extxyz");
        using (var gz = new GZipStream(File.OpenRead(SharedData.Data("eosnet_mp2018_eform_train.extxyz.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
        using (var writer = new StreamWriter(labelled))
            for (int frame = 0; frame < 40; frame++)
            {
                int atoms = int.Parse(reader.ReadLine()!, CultureInfo.InvariantCulture);
                string header = reader.ReadLine()!;
                string id = header.Split(' ').Single(t => t.StartsWith("struct_id=", StringComparison.Ordinal))["struct_id=".Length..];
                writer.WriteLine(atoms.ToString(CultureInfo.InvariantCulture));
                writer.WriteLine(header.Replace("target=0.0", $"target={targets[id]}", StringComparison.Ordinal));
                for (int i = 0; i < atoms; i++) writer.WriteLine(reader.ReadLine());
            }
        var (code, output, err) = CliProcessTests.Run("evaluate", "--model", "mp2018-eform", labelled, "--out", dir);
        Assert.True(code == 0, $"exit {code}: {err}");
        var mae = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("MAE: ", StringComparison.Ordinal));
        Assert.InRange(double.Parse(mae["MAE: ".Length..], CultureInfo.InvariantCulture), 0, 0.1); // training structures: the authors' MAE is 0.02
        Assert.True(File.Exists(Path.Combine(dir, "parity.png")));
    }

    [SharedDataFact]
    public void An_unrecognised_checkpoint_needs_era_and_an_unknown_name_lists_the_models()
    {
        var dir = Directory.CreateTempSubdirectory("eosnet-zoo-cli").FullName;
        string copy = Path.Combine(dir, "mine.pth.tar");
        using (var input = ZipFile.OpenRead(Checkpoint("MP_Eform")))
        using (var output = ZipFile.Open(copy, ZipArchiveMode.Create))
            foreach (var entry in input.Entries)
            {
                using var from = entry.Open();
                using var to = output.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open();
                from.CopyTo(to);
            }
        var (code, _, err) = CliProcessTests.Run("import", copy, "--out", Path.Combine(dir, "mine.zip"));
        Assert.Equal(2, code);
        Assert.Contains("--era paper|current", err, StringComparison.Ordinal);
        (code, _, err) = CliProcessTests.Run("import", copy, "--out", Path.Combine(dir, "mine.zip"), "--era", "current");
        Assert.True(code == 0, $"exit {code}: {err}");
        Assert.True(File.Exists(Path.Combine(dir, "mine.zip")));

        (code, _, err) = CliProcessTests.Run("predict", "--model", "mp2099-eform", SharedData.Golden("poscar"));
        Assert.Equal(2, code);
        Assert.Contains("mp2024-eform", err, StringComparison.Ordinal);
    }
}
