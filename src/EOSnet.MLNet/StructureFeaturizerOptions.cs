namespace EOSnet.MLNet;

/// <summary>Options shared by the transformers that read structure columns and featurize rows in parallel.</summary>
public abstract class StructureFeaturizerOptions
{
    /// <summary>Lattice column (9 Doubles, rows a, b, c in Å).</summary>
    public string LatticeColumnName { get; set; } = CrystalColumns.Lattice;
    /// <summary>Atomic numbers column (N Int32).</summary>
    public string AtomicNumbersColumnName { get; set; } = CrystalColumns.AtomicNumbers;
    /// <summary>Cartesian positions column (3N Doubles, Å).</summary>
    public string PositionsColumnName { get; set; } = CrystalColumns.Positions;
    /// <summary>Threads used to featurize rows in parallel (0 = all cores).</summary>
    public int MaxDegreeOfParallelism { get; set; }
    /// <summary>Rows featurized together by the read-ahead cursor.</summary>
    public int BatchSize { get; set; } = 64;

    internal Internal.StructureColumns Columns => new(LatticeColumnName, AtomicNumbersColumnName, PositionsColumnName);
}
