namespace EOSnet.Models;

/// <summary>The names of the published models, for <see cref="EosNetModels.Load"/> and <c>eosnet predict --model NAME</c>.</summary>
public static class EosNetModelNames
{
    /// <summary><c>asedb-perov-e</c> (the authors' ASEDB_Perov_E): total energy, eV/atom as published (values ≈ −6); ASE cubic perovskites; regression; paper-era graph; authors' MAE 0.041.</summary>
    public const string AsedbPerovE = "asedb-perov-e";

    /// <summary><c>asedb-perov-eform</c> (the authors' ASEDB_Perov_Eform): formation energy, eV as published; ASE cubic perovskites; regression; paper-era graph; authors' MAE 0.043.</summary>
    public const string AsedbPerovEform = "asedb-perov-eform";

    /// <summary><c>m-b-c-phon</c> (the authors' M-B-C_PHON): dynamic stability of M-B-C clathrates (class 1 = stable), –; M-B-C clathrates; binary classification; paper-era graph; authors' AUC 0.945.</summary>
    public const string MBCPhon = "m-b-c-phon";

    /// <summary><c>matgl-eform</c> (the authors' MATGL_Eform): formation energy, eV/atom; matgl's Materials Project set; regression; paper-era graph; authors' MAE 0.058.</summary>
    public const string MatglEform = "matgl-eform";

    /// <summary><c>matgl-g</c> (the authors' MATGL_G): log10 shear modulus G_VRH, log10(GPa); matgl's elastic set; regression; paper-era graph; authors' MAE 0.078.</summary>
    public const string MatglG = "matgl-g";

    /// <summary><c>matgl-k</c> (the authors' MATGL_K): log10 bulk modulus K_VRH, log10(GPa); matgl's elastic set; regression; paper-era graph; authors' MAE 0.042.</summary>
    public const string MatglK = "matgl-k";

    /// <summary><c>mp2018-bgap</c> (the authors' MP2018_BGAP): band gap, eV; Materials Project 2018; regression; paper-era graph; authors' MAE 0.273.</summary>
    public const string Mp2018Bgap = "mp2018-bgap";

    /// <summary><c>mp2018-eform</c> (the authors' MP2018_Eform): formation energy, eV/atom; Materials Project 2018; regression; current-era graph; authors' MAE 0.0335.</summary>
    public const string Mp2018Eform = "mp2018-eform";

    /// <summary><c>mp2019-eform</c> (the authors' MP2019_Eform): formation energy, eV/atom; Materials Project 2019; regression; current-era graph; authors' MAE 0.027.</summary>
    public const string Mp2019Eform = "mp2019-eform";

    /// <summary><c>mp2024-bgap</c> (the authors' MP2024_BGAP): band gap, eV; Materials Project 2024; regression; current-era graph; authors' MAE 0.240.</summary>
    public const string Mp2024Bgap = "mp2024-bgap";

    /// <summary><c>mp2024-eform</c> (the authors' MP2024_Eform): formation energy, eV/atom; Materials Project 2024; regression; current-era graph; authors' MAE 0.040.</summary>
    public const string Mp2024Eform = "mp2024-eform";

    /// <summary><c>mp-all-band-class</c> (the authors' MP_ALL_Band_Class): metal (class 1) / non-metal (class 0), –; Materials Project; binary classification; paper-era graph; authors' AUC 0.977.</summary>
    public const string MpAllBandClass = "mp-all-band-class";

    /// <summary><c>mp-ef</c> (the authors' MP_Ef): Fermi energy, eV; Materials Project; regression; paper-era graph; authors' MAE 0.342.</summary>
    public const string MpEf = "mp-ef";

    /// <summary><c>mp-eform</c> (the authors' MP_Eform): formation energy, eV/atom; Materials Project 2024 subset; regression; current-era graph; authors' MAE 0.037.</summary>
    public const string MpEform = "mp-eform";

    /// <summary><c>mp-nonmetal-bgap</c> (the authors' MP_NonMetal_BGAP): band gap of non-metals, eV; Materials Project non-metals; regression; paper-era graph; authors' MAE 0.360.</summary>
    public const string MpNonmetalBgap = "mp-nonmetal-bgap";

    /// <summary><c>qmof-bgap</c> (the authors' QMOF_BGAP): band gap of metal-organic frameworks, eV; QMOF; regression; paper-era graph; authors' MAE 0.267.</summary>
    public const string QmofBgap = "qmof-bgap";

    /// <summary><c>qmof-e</c> (the authors' QMOF_E): total energy of metal-organic frameworks, eV/atom as published (values ≈ −6.9); QMOF; regression; paper-era graph; authors' MAE 0.009.</summary>
    public const string QmofE = "qmof-e";
}
