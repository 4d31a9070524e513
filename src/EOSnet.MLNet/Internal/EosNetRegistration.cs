using System.Reflection;
using Microsoft.ML.Runtime;

namespace EOSnet.MLNet.Internal;

/// <summary>Registers the loaders of every savable EOSnet transformer with an ML.NET environment (idempotent).</summary>
internal static class EosNetRegistration
{
    private static readonly List<(Type Type, string LoaderSignature)> Loaders = new()
    {
        (typeof(PoolFingerprintsTransformer), PoolFingerprintsTransformer.LoaderSignature),
        (typeof(GomFingerprintTransformer), GomFingerprintTransformer.LoaderSignature),
        (typeof(CrystalGraphTransformer), CrystalGraphTransformer.LoaderSignature),
        (typeof(EquivariantGraphTransformer), EquivariantGraphTransformer.LoaderSignature),
        (typeof(EosNetPredictionTransformer), EosNetPredictionTransformer.LoaderSignature),
        (typeof(EosNetEnsembleTransformer), EosNetEnsembleTransformer.LoaderSignature),
    };

    /// <summary>Adds a loader type (called by the static constructors of later layers' types).</summary>
    internal static void Add(Type type, string loaderSignature)
    {
        lock (Loaders)
            if (!Loaders.Contains((type, loaderSignature))) Loaders.Add((type, loaderSignature));
    }

    public static void Register(IHostEnvironment env)
    {
        List<(Type, string)> snapshot;
        lock (Loaders) snapshot = Loaders.ToList();
        foreach (var (type, signature) in snapshot)
        {
            var create = type.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(IHostEnvironment), typeof(object) }, null)
                ?? throw new InvalidOperationException($"{type.Name} has no public static Create(IHostEnvironment, object)");
            MlNetBridge.Register(env, type, signature, create);
        }
    }
}
