using EOSnet.Crystals;
using Microsoft.ML.Data;

namespace EOSnet.MLNet;

/// <summary>
/// The IDataView row of one crystal structure (primitive columns only, so models save and load cleanly):
/// id, formula, lattice (9 doubles, rows a, b, c in Å), atomic numbers and Cartesian positions (3 per atom, Å).
/// Use it as the input type of a <c>PredictionEngine</c>.
/// </summary>
public class CrystalInput
{
    /// <summary>Structure id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Cell formula, e.g. "Ba1 Ti1 O3".</summary>
    public string Formula { get; set; } = string.Empty;

    /// <summary>Lattice rows a, b, c (Å), row-major.</summary>
    [VectorType(9)]
    public double[] Lattice { get; set; } = new double[9];

    /// <summary>Atomic number of each atom.</summary>
    public int[] AtomicNumbers { get; set; } = Array.Empty<int>();

    /// <summary>Cartesian positions (Å), x, y, z per atom.</summary>
    public double[] Positions { get; set; } = Array.Empty<double>();

    /// <summary>Creates the row of a crystal.</summary>
    public static CrystalInput From(Crystal crystal, string? id = null) => Fill(new CrystalInput(), crystal, id);

    private protected static T Fill<T>(T row, Crystal crystal, string? id) where T : CrystalInput
    {
        row.Id = id ?? crystal.Id ?? string.Empty;
        row.Formula = crystal.Formula;
        row.Lattice = crystal.Lattice.ToRowMajor();
        row.AtomicNumbers = crystal.AtomicNumbers.ToArray();
        row.Positions = Flatten(crystal);
        return row;
    }

    private static double[] Flatten(Crystal c)
    {
        var p = new double[3 * c.Count];
        for (int i = 0; i < c.Count; i++)
        {
            var v = c.CartesianPositions[i];
            p[3 * i] = v.X; p[3 * i + 1] = v.Y; p[3 * i + 2] = v.Z;
        }
        return p;
    }

    /// <summary>Rebuilds the crystal from the primitive columns (validates them).</summary>
    public static Crystal ToCrystal(ReadOnlySpan<double> lattice, ReadOnlySpan<int> atomicNumbers, ReadOnlySpan<double> positions, string? id)
    {
        if (lattice.Length != 9) throw new InvalidStructureException($"structure '{id}': lattice column has {lattice.Length} values, expected 9");
        if (positions.Length != 3 * atomicNumbers.Length)
            throw new InvalidStructureException($"structure '{id}': {positions.Length} position values for {atomicNumbers.Length} atoms (expected 3 per atom)");
        var pos = new Vec3[atomicNumbers.Length];
        for (int i = 0; i < pos.Length; i++) pos[i] = new Vec3(positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]);
        return Crystal.FromCartesian(Crystals.Lattice.FromRows(lattice), atomicNumbers.ToArray(), pos, id);
    }
}

/// <summary>A crystal row with a regression label (Single).</summary>
public sealed class CrystalRegressionRow : CrystalInput
{
    /// <summary>The target value.</summary>
    public float Label { get; set; }

    /// <summary>Creates the row of a labelled record (missing targets become NaN).</summary>
    public static CrystalRegressionRow From(CrystalRecord record)
    {
        var row = Fill(new CrystalRegressionRow(), record.Crystal, record.Id);
        row.Label = record.Target is double t ? (float)t : float.NaN;
        return row;
    }
}

/// <summary>A crystal row with a binary label (Boolean; a numeric target is true when it is non-zero).</summary>
public sealed class CrystalBinaryRow : CrystalInput
{
    /// <summary>The class.</summary>
    public bool Label { get; set; }

    /// <summary>Creates the row of a labelled record.</summary>
    public static CrystalBinaryRow From(CrystalRecord record)
    {
        var row = Fill(new CrystalBinaryRow(), record.Crystal, record.Id);
        row.Label = record.Target is double t ? t != 0 : throw new ArgumentException($"record '{record.Id}' has no label");
        return row;
    }
}
