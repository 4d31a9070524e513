using System.CommandLine;
using EOSnet.Cli.Workflows;
using EOSnet.Featurization;

namespace EOSnet.Cli.Commands;

/// <summary>
/// <c>eosnet featurize INPUT [--cache-dir DIR] [--shard i/N]</c>: featurizes once into the feature cache that
/// <c>train</c> reads; with --shard only every N-th structure (a cluster job array writes the N parts in parallel).
/// </summary>
public static class FeaturizeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions g, TextWriter? stdout, TextWriter? stderr)
    {
        var input = new Argument<string>("input") { Description = "Structures: Matbench .json(.gz), .extxyz, CIF/POSCAR folder" };
        var cacheDir = CacheOptions.CacheDir();
        var shard = new Option<string?>("--shard") { Description = "Featurize only shard i of N (i/N, 0-based), e.g. $SLURM_ARRAY_TASK_ID/16" };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N structures (must match train's --limit)" };
        var strict = new Option<bool>("--strict") { Description = "Any unreadable input file is fatal" };
        var features = new Option<string>("--features") { Description = "gom-s (reference; also what onehot models read) | gom-sp (must match train's --features)", DefaultValueFactory = _ => "gom-s" };
        var cmd = new Command("featurize", "Featurize a dataset into the feature cache (GOM fingerprints + crystal graphs)") { input, cacheDir, shard, limit, strict, features };
        cmd.SetAction(CliApp.Action(g, stdout, stderr, (r, o, ct) =>
        {
            var (i, n) = r.GetValue(shard) is { } s ? DatasetFeatures.ParseShard(s) : (0, 1);
            var data = Dataset.Load(r.GetValue(input)!, null, r.GetValue(strict), r.GetValue(limit));
            foreach (var notice in data.Notices) o.Warning(notice);
            var set = r.GetValue(features) switch
            {
                "gom-s" or "onehot" => FeatureSet.GomS,
                "gom-sp" => FeatureSet.GomSP,
                var f => throw new CliUsageException($"unknown --features '{f}'; use gom-s or gom-sp"),
            };
            string key = DatasetFeatures.Key(data, r.GetValue(limit), set);
            var (path, structures) = DatasetFeatures.WriteShard(data, r.GetValue(limit), r.GetValue(cacheDir)!, i, n, o, ct, set);
            o.Line($"{structures.Count} structures featurized into {path} (key {key}, shard {i}/{n})");
            o.Record(new { kind = "featurize", key, path, shard = i, shards = n, structures = structures.Count });
            int expected = Enumerable.Range(0, data.Records.Count).Count(k => FeatureCache.InShard(k, i, n));
            return Task.FromResult(data.Skipped.Count > 0 || structures.Count < expected ? ExitCodes.PartialSuccess : ExitCodes.Ok);
        }));
        return cmd;
    }
}

/// <summary>The cache options shared by featurize and train.</summary>
public static class CacheOptions
{
    /// <summary>--cache-dir (default $EOSNET_CACHE_DIR or ~/.cache/eosnet/features).</summary>
    public static Option<string> CacheDir() => new("--cache-dir")
    {
        Description = "Feature cache folder (default: $EOSNET_CACHE_DIR or ~/.cache/eosnet/features)",
        DefaultValueFactory = _ => FeatureCache.DefaultDirectory,
    };
}
