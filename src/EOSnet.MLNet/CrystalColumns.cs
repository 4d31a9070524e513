namespace EOSnet.MLNet;

/// <summary>Default column names used by EOSnet's loaders, transformers and trainers.</summary>
public static class CrystalColumns
{
    /// <summary>Structure id (Text).</summary>
    public const string Id = "Id";
    /// <summary>Cell formula (Text); a good sampling key for cross-validation.</summary>
    public const string Formula = "Formula";
    /// <summary>Lattice rows a, b, c in Å, row-major (Vector&lt;Double, 9&gt;).</summary>
    public const string Lattice = "Lattice";
    /// <summary>Atomic numbers (Vector&lt;Int32&gt;, one per atom).</summary>
    public const string AtomicNumbers = "AtomicNumbers";
    /// <summary>Cartesian positions in Å (Vector&lt;Double&gt;, 3 per atom).</summary>
    public const string Positions = "Positions";
    /// <summary>The label (Single for regression, Boolean for binary classification).</summary>
    public const string Label = "Label";
    /// <summary>GOM fingerprints, N × fingerprint length (Vector&lt;Single&gt;).</summary>
    public const string AtomFingerprints = "AtomFingerprints";
    /// <summary>Padded neighbour indices, N × max neighbours (Vector&lt;Int32&gt;).</summary>
    public const string NeighborIndices = "NeighborIndices";
    /// <summary>Padded neighbour distances in Å, N × max neighbours (Vector&lt;Double&gt;).</summary>
    public const string NeighborDistances = "NeighborDistances";
    /// <summary>v2 edge list: source atom of each edge, E values (Vector&lt;Int32&gt;).</summary>
    public const string EdgeSources = "EdgeSources";
    /// <summary>v2 edge list: destination atom of each edge, E values (Vector&lt;Int32&gt;).</summary>
    public const string EdgeDestinations = "EdgeDestinations";
    /// <summary>v2 edge list: edge vectors r_dst − r_src + S·L in Å, 3 per edge (Vector&lt;Double&gt;).</summary>
    public const string EdgeVectors = "EdgeVectors";
    /// <summary>Fixed-length pooled features for classical learners (Vector&lt;Single, k&gt;).</summary>
    public const string Features = "Features";
    /// <summary>Predicted value (regression) or logit (binary).</summary>
    public const string Score = "Score";
    /// <summary>Predicted probability of the positive class (binary).</summary>
    public const string Probability = "Probability";
    /// <summary>Predicted class (binary).</summary>
    public const string PredictedLabel = "PredictedLabel";
    /// <summary>Spread of an ensemble's members (standard deviation of their scores or probabilities).</summary>
    public const string Uncertainty = "Uncertainty";
}
