using System.Runtime.InteropServices;

namespace EOSnet.Model;

/// <summary>
/// Tunes glibc's malloc for libtorch's CPU workload. With the defaults every mini-batch's multi-megabyte tensors are
/// handed back to the kernel when freed (heap trimming / mmap) and faulted in again by the next batch, which made
/// training 2–3× slower. Applied once by <see cref="TorchRuntime.EnsureLoaded"/> on Linux (process-wide); set the
/// environment variable <c>EOSNET_DEFAULT_MALLOC=1</c> to keep glibc's defaults.
/// </summary>
public static class NativeAllocator
{
    private const int M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2, M_MMAP_THRESHOLD = -3;
    private static int _applied;

    [DllImport("libc", EntryPoint = "mallopt")]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code
    private static extern int Mallopt(int param, int value);
#pragma warning restore SYSLIB1054

    /// <summary>True when the tuning was applied in this process.</summary>
    public static bool Tuned { get; private set; }

    /// <summary>Applies the tuning once (Linux/glibc only; no-op elsewhere or when disabled).</summary>
    public static void Tune()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1) return;
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("EOSNET_DEFAULT_MALLOC") == "1") return;
        try
        {
            bool ok = Mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;
            ok &= Mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
            ok &= Mallopt(M_TOP_PAD, 256 << 20) == 1;
            Tuned = ok;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // not glibc (e.g. musl): keep the defaults
        }
    }
}
