namespace EOSnet.Model;

/// <summary>
/// Which EOSnet network a model is: part of every saved model (a model is never loaded as the other network, and its
/// inputs are built for its own network).
/// </summary>
public enum NetworkKind
{
    /// <summary>The paper's gated graph network (<see cref="EosNetNetwork"/>) on the padded 12-neighbour graph: the default.</summary>
    V1,
    /// <summary>
    /// The authors' E(3)-equivariant e3nn network (<see cref="Equivariant.EosNetV2"/>) on every neighbour within the
    /// cutoff with edge vectors; regression only.
    /// </summary>
    V2,
}
