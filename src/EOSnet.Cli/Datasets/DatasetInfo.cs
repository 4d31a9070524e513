namespace EOSnet.Cli.Datasets;

/// <summary>A dataset the tool knows by name.</summary>
/// <param name="Name">Short name (e.g. matbench_perovskites).</param>
/// <param name="FileName">File name in the data directory.</param>
/// <param name="FoldsFileName">Matbench folds sidecar, or null.</param>
/// <param name="Task">"regression" or "classification".</param>
/// <param name="Unit">Target unit.</param>
/// <param name="Sha256">SHA-256 of the reference copy (the files in the project's shared data folder).</param>
/// <param name="Url">Canonical public location of the original dataset, or null when it has none.</param>
public sealed record DatasetInfo(string Name, string FileName, string? FoldsFileName, string Task, string Unit, string Sha256, string? Url);

/// <summary>The datasets <c>eosnet datasets</c> knows about.</summary>
public static class DatasetCatalog
{
    private const string MatbenchBase = "https://ml.materialsproject.org/projects/";

    /// <summary>All known datasets.</summary>
    public static IReadOnlyList<DatasetInfo> All { get; } = new[]
    {
        new DatasetInfo("matbench_perovskites", "matbench_perovskites.json.gz", "matbench_perovskites.folds.json", "regression", "eV/cell", "7955014c6ed1b576011359dfda7283b1159c81e2bcd9d09f6326e73fc02deafd", MatbenchBase + "matbench_perovskites.json.gz"),
        new DatasetInfo("matbench_log_kvrh", "matbench_log_kvrh.json.gz", "matbench_log_kvrh.folds.json", "regression", "log10(GPa)", "f790baadc03a60d4ba3cd77bc1383a4a0dc6c807785bd17bc5e7445f211f81ed", MatbenchBase + "matbench_log_kvrh.json.gz"),
        new DatasetInfo("matbench_log_gvrh", "matbench_log_gvrh.json.gz", "matbench_log_gvrh.folds.json", "regression", "log10(GPa)", "a6ccee68ce19a988caa962cb41594698b4f11b9643985e8e1ee5daf144c7534a", MatbenchBase + "matbench_log_gvrh.json.gz"),
        new DatasetInfo("matbench_mp_gap", "matbench_mp_gap.json.gz", "matbench_mp_gap.folds.json", "regression", "eV", "39e0cd55781768a22e23931d616e007847ef5128012d796c8392d65471af5ef0", MatbenchBase + "matbench_mp_gap.json.gz"),
        new DatasetInfo("matbench_mp_is_metal", "matbench_mp_is_metal.json.gz", "matbench_mp_is_metal.folds.json", "classification", "-", "5949f55e6a64408a08b77c332aa6a42810a3819386d09696e08a2b99ab8d0376", MatbenchBase + "matbench_mp_is_metal.json.gz"),
        new DatasetInfo("eosnet_mp2018_eform_train", "eosnet_mp2018_eform_train.extxyz.gz", null, "regression", "eV/atom", "55ec3971cf619a67d0f69cef088b93325678b7c76e6e38bc8671dbc8714f9a2b", null),
    };

    /// <summary>Looks a dataset up by name (case-insensitive; the "matbench_" prefix may be omitted).</summary>
    public static DatasetInfo? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)
                             || string.Equals(d.Name, "matbench_" + name, StringComparison.OrdinalIgnoreCase));
}
