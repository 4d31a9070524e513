using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>
/// Tensor operations that take no temporary <see cref="Scalar"/>. TorchSharp 0.107 turns numeric arguments into
/// <see cref="Scalar"/> objects that only a finalizer frees; one that becomes unreachable while its own native call is
/// still running can be freed by the finalizer thread under that call (seen here as a rare crash in softplus,
/// "Expected false to be true … toFloat", in fold 4 of a 60-epoch 5-fold run; dotnet/TorchSharp#1496 lists the same
/// pattern). The scalars used here are static or native handles that are never freed.
/// </summary>
internal static class TorchOps
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr SoftplusNative(IntPtr tensor, IntPtr beta, IntPtr threshold);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ScalarNative(double value);

    // Initialised in this order: FindSoftplus loads libtorch first.
    private static readonly (SoftplusNative Call, IntPtr Beta, IntPtr Threshold)? Native = FindSoftplus();

    /// <summary>1 (index_add_'s alpha).</summary>
    public static readonly Scalar One = 1.0.ToScalar();
    /// <summary>0.</summary>
    public static readonly Scalar Zero = 0.0.ToScalar();

    /// <summary>softplus(x) = log(1 + eˣ) with β = 1 and threshold 20, as <c>nn.functional.softplus</c>.</summary>
    public static Tensor Softplus(Tensor x)
    {
        if (Native is not { } native) return x.logaddexp(zeros(Array.Empty<long>(), x.dtype, x.device)); // same function, slower
        var result = native.Call(x.Handle, native.Beta, native.Threshold);
        GC.KeepAlive(x);
        if (result == IntPtr.Zero) torch.CheckForErrors();
        return Tensor.UnsafeCreateTensor(result);
    }

    /// <summary>
    /// The bridge's softplus entry point and two native scalars (β = 1, threshold = 20) that live as long as the process,
    /// from the library TorchSharp itself loaded; null when an export is missing (another TorchSharp version).
    /// </summary>
    private static (SoftplusNative, IntPtr, IntPtr)? FindSoftplus()
    {
        TorchRuntime.EnsureLoaded();
        if (!NativeLibrary.TryLoad("LibTorchSharp", typeof(torch).Assembly, null, out var library)
            || !NativeLibrary.TryGetExport(library, "THSTensor_softplus", out var softplus)
            || !NativeLibrary.TryGetExport(library, "THSTorch_float64_to_scalar", out var toScalar))
            return null;
        var scalar = Marshal.GetDelegateForFunctionPointer<ScalarNative>(toScalar);
        return (Marshal.GetDelegateForFunctionPointer<SoftplusNative>(softplus), scalar(1.0), scalar(20.0));
    }
}
