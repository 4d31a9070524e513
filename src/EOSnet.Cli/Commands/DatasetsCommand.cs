using System.CommandLine;
using System.Security.Cryptography;
using EOSnet.Cli.Datasets;
using Spectre.Console;

namespace EOSnet.Cli.Commands;

/// <summary><c>eosnet datasets list|verify|fetch</c>.</summary>
public static class DatasetsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var cmd = new Command("datasets", "List, verify (SHA-256) and fetch the Matbench/EOSnet dataset files");

        var list = new Command("list", "Known datasets and where they are found");
        list.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) => Task.FromResult(List(o, r.GetValue(g.DataDir)))));

        var verify = new Command("verify", "Check the SHA-256 of every dataset file present");
        verify.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) => Task.FromResult(Verify(o, r.GetValue(g.DataDir)))));

        var name = new Argument<string>("name") { Description = "Dataset name (see 'datasets list')" };
        var fetch = new Command("fetch", "Download a dataset into the cache (~/.cache/eosnet/datasets) unless a verified copy exists");
        fetch.Add(name);
        fetch.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) => Fetch(o, r.GetValue(name)!, r.GetValue(g.DataDir), ct)));

        cmd.Add(list);
        cmd.Add(verify);
        cmd.Add(fetch);
        return cmd;
    }

    private static int List(CliOutput o, string? dataDir)
    {
        var table = new Table().AddColumns("name", "task", "unit", "file", "found at");
        foreach (var d in DatasetCatalog.All)
        {
            var path = DataDirectory.Find(d.FileName, dataDir);
            table.AddRow(d.Name, d.Task, d.Unit, d.FileName, Markup.Escape(path ?? "(missing)"));
            o.Record(new { d.Name, d.Task, d.Unit, d.FileName, Path = path });
        }
        o.Render(table);
        return ExitCodes.Ok;
    }

    private static int Verify(CliOutput o, string? dataDir)
    {
        int bad = 0, found = 0;
        foreach (var d in DatasetCatalog.All)
        {
            var path = DataDirectory.Find(d.FileName, dataDir);
            if (path is null) { o.Line($"missing  {d.Name}"); o.Record(new { d.Name, Status = "missing" }); continue; }
            found++;
            var sha = Sha256Of(path);
            bool ok = string.Equals(sha, d.Sha256, StringComparison.OrdinalIgnoreCase);
            if (!ok) bad++;
            o.Line($"{(ok ? "ok      " : "MISMATCH")} {d.Name}  {path}");
            o.Record(new { d.Name, Status = ok ? "ok" : "mismatch", Path = path, Sha256 = sha });
        }
        o.Line($"{found} found, {bad} with a different SHA-256");
        if (bad > 0) throw new InvalidDataException($"{bad} dataset file(s) differ from the reference copies (SHA-256)");
        return ExitCodes.Ok;
    }

    private static async Task<int> Fetch(CliOutput o, string name, string? dataDir, CancellationToken ct)
    {
        var d = DatasetCatalog.Find(name) ?? throw new CliUsageException($"unknown dataset '{name}'; known: {string.Join(", ", DatasetCatalog.All.Select(x => x.Name))}");
        var existing = DataDirectory.Find(d.FileName, dataDir);
        if (existing is not null && Sha256Of(existing) == d.Sha256)
        {
            o.Line($"{d.Name}: verified copy at {existing}");
            o.Record(new { d.Name, Status = "present", Path = existing });
            return ExitCodes.Ok;
        }
        if (d.Url is null) throw new CliUsageException($"{d.Name} has no public download location; copy it into the data directory");
        Directory.CreateDirectory(DataDirectory.Cache);
        var target = Path.Combine(DataDirectory.Cache, d.FileName);
        var temp = target + ".part";
        o.Line($"{d.Name}: downloading {d.Url}");
        using (var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) })
        using (var response = await http.GetAsync(d.Url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false))
        {
            response.EnsureSuccessStatusCode();
            await using var fs = File.Create(temp);
            await response.Content.CopyToAsync(fs, ct).ConfigureAwait(false);
        }
        var sha = Sha256Of(temp);
        File.Move(temp, target, overwrite: true);
        // The public Matbench file is the full task; the reference copy is a subset, so their hashes differ.
        string status = sha == d.Sha256 ? "verified" : "downloaded (not the reference subset: SHA-256 " + sha + ")";
        o.Line($"{d.Name}: {status} → {target}");
        o.Record(new { d.Name, Status = status, Path = target, Sha256 = sha });
        return ExitCodes.Ok;
    }

    /// <summary>Hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var fs = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }
}
