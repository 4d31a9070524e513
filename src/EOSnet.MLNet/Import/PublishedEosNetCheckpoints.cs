using EOSnet.Model;

namespace EOSnet.MLNet;

/// <summary>
/// The 17 checkpoints the EOSnet authors publish (Rutgers-ZRG/EosNet, <c>results/&lt;name&gt;/model_best.pth.tar</c>,
/// commit 103372c), recognised by the SHA-256 of the file. The graph era of each was established by running it on
/// known structures with both graphs (shared docs, eosnet-reference §1); the metric is the last line of each of the
/// authors' training logs (their own 80/10/10 split).
/// </summary>
public static class PublishedEosNetCheckpoints
{
    /// <summary>Licence of the published checkpoints.</summary>
    public const string Licence = "MIT, Rutgers-ZRG/EosNet";

    private const string Commit = "103372c41c214963dc2e7c33c82b1e18c3ae3e75";
    private const string EformTarget = "formation energy";

    /// <summary>All 17, in the authors' alphabetical order.</summary>
    public static IReadOnlyList<EosNetModelInfo> All { get; } = new[]
    {
        Entry("ASEDB_Perov_E", "eb0a1c91c7fb269b35e4bb65d483f4a01406b911788f01781cf9222fd5ea7f5c", "total energy", "eV/atom as published (values ≈ −6)", ModelTask.Regression, EosNetGraphEra.Paper, "ASE cubic perovskites", 19_360, "MAE", 0.041),
        Entry("ASEDB_Perov_Eform", "a4ba4c0c1042742f0845b670d12b14f6748b28ffc2a3d37d77f18716e6c4973e", EformTarget, "eV as published", ModelTask.Regression, EosNetGraphEra.Paper, "ASE cubic perovskites", 19_360, "MAE", 0.043),
        Entry("M-B-C_PHON", "e29c54fdd9e199bac372f936253d6abe7bad6d58162e41165eebb1b10abb450e", "dynamic stability of M-B-C clathrates (class 1 = stable)", "–", ModelTask.BinaryClassification, EosNetGraphEra.Paper, "M-B-C clathrates", 1_300, "AUC", 0.945),
        Entry("MATGL_Eform", "e2c9c94406e26e65d16c9953b8c5a5339f1cb6d0d1c73c633e372266486cba38", EformTarget, "eV/atom", ModelTask.Regression, EosNetGraphEra.Paper, "matgl's Materials Project set", 26_000, "MAE", 0.058),
        Entry("MATGL_G", "e91c5cd40f05b99ee8cc21286d213db626110851ad5b2b900b7eba8b8f038996", "log10 shear modulus G_VRH", "log10(GPa)", ModelTask.Regression, EosNetGraphEra.Paper, "matgl's elastic set", 5_000, "MAE", 0.078),
        Entry("MATGL_K", "8cc9f15206985b908a85e10254975e9fd04bb63400f581aaa70c497cf85b8f9d", "log10 bulk modulus K_VRH", "log10(GPa)", ModelTask.Regression, EosNetGraphEra.Paper, "matgl's elastic set", 5_000, "MAE", 0.042),
        Entry("MP2018_BGAP", "bdd62304505d7d7ed967df1d7ef57a8159ff747c32d7d71b093071c56ee03697", "band gap", "eV", ModelTask.Regression, EosNetGraphEra.Paper, "Materials Project 2018", 50_650, "MAE", 0.273),
        Entry("MP2018_Eform", "bcfe2e942ccd6d5173dd46f97421e5cbb7aaec961a5a65380c5422eb0a33fa86", EformTarget, "eV/atom", ModelTask.Regression, EosNetGraphEra.Current, "Materials Project 2018", 50_654, "MAE", 0.0335),
        Entry("MP2019_Eform", "6919b0b1919d9ef5689ede8f6f615afc78c399d89ea44a97cc06e4204ac30756", EformTarget, "eV/atom", ModelTask.Regression, EosNetGraphEra.Current, "Materials Project 2019", 131_240, "MAE", 0.027),
        Entry("MP2024_BGAP", "cad06c3fb2eeb5de4abe8fac158820f1c96d5d016e4c0e67399aa928acd645e7", "band gap", "eV", ModelTask.Regression, EosNetGraphEra.Current, "Materials Project 2024", 149_795, "MAE", 0.240),
        Entry("MP2024_Eform", "b5b2b81016b0633dd8810f0db9e35554394a80d7bcc5883c5aa4934b8c3f713b", EformTarget, "eV/atom", ModelTask.Regression, EosNetGraphEra.Current, "Materials Project 2024", 149_795, "MAE", 0.040),
        Entry("MP_ALL_Band_Class", "710c6c3d7ff5cea304e1bea4f76b5d220402fbd86a3b8dfaae531b888901ca35", "metal (class 1) / non-metal (class 0)", "–", ModelTask.BinaryClassification, EosNetGraphEra.Paper, "Materials Project", 19_393, "AUC", 0.977),
        Entry("MP_Ef", "2962b1f26d8c541e7c051333994b9d4f2e6ac94bc6fc3cf02354dc4950b60cda", "Fermi energy", "eV", ModelTask.Regression, EosNetGraphEra.Paper, "Materials Project", 27_293, "MAE", 0.342),
        Entry("MP_Eform", "a30ee9ffba370e8f47c284eab45622b27c1f3aafbb0f1d239e394a4bc1df00a0", EformTarget, "eV/atom", ModelTask.Regression, EosNetGraphEra.Current, "Materials Project 2024 subset", 27_293, "MAE", 0.037),
        Entry("MP_NonMetal_BGAP", "bec28682f3dd06a09b935095b39054eea43ac05b419bf2e875e404725ed70b33", "band gap of non-metals", "eV", ModelTask.Regression, EosNetGraphEra.Paper, "Materials Project non-metals", 8_900, "MAE", 0.360),
        Entry("QMOF_BGAP", "6c88e6ad6b2213a651661d9a1415d391e7a08a721c564fcdbe917288d4c4995f", "band gap of metal-organic frameworks", "eV", ModelTask.Regression, EosNetGraphEra.Paper, "QMOF", 20_370, "MAE", 0.267),
        Entry("QMOF_E", "3ab4d4706ba9d9acccd613d4d5fc7949ae167f4e0f7ccf84a6d7edfe4858582f", "total energy of metal-organic frameworks", "eV/atom as published (values ≈ −6.9)", ModelTask.Regression, EosNetGraphEra.Paper, "QMOF", 20_370, "MAE", 0.009),
    };

    /// <summary>The published checkpoint with this SHA-256 (hex, any case), or null.</summary>
    public static EosNetModelInfo? FindBySha256(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return All.FirstOrDefault(m => string.Equals(m.Sha256, sha256, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The published checkpoint with this name (the authors' folder name, any case), or null.</summary>
    public static EosNetModelInfo? FindByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    private static EosNetModelInfo Entry(string name, string sha256, string target, string units, ModelTask task, EosNetGraphEra era,
        string dataSet, int structures, string metric, double value) => new()
    {
        Name = name,
        Target = target,
        Units = units,
        Task = task,
        Era = era,
        DataSet = dataSet,
        Structures = structures,
        ReportedMetric = metric,
        ReportedMetricValue = value,
        Source = $"Rutgers-ZRG/EosNet results/{name}/model_best.pth.tar (commit {Commit})",
        Licence = Licence,
        Sha256 = sha256,
    };
}
