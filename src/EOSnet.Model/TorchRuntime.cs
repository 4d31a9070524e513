using TorchSharp;

namespace EOSnet.Model;

/// <summary>
/// Loads TorchSharp's native library once and turns any load failure into one clear
/// <see cref="TorchUnavailableException"/>; also selects devices and the process-wide thread count.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool _loaded;
    private static int _threads;

    /// <summary>Makes sure libtorch is loaded; throws <see cref="TorchUnavailableException"/> with a readable message otherwise.</summary>
    public static void EnsureLoaded()
    {
        if (_loaded) return;
        lock (Gate)
        {
            if (_loaded) return;
            try
            {
                NativeAllocator.Tune();
                torch.InitializeDeviceType(DeviceType.CPU);
                using var probe = torch.ones(1);
                _ = probe.item<float>();
                _loaded = true;
            }
            catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or NotSupportedException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
            {
                throw new TorchUnavailableException(Describe(ex), ex);
            }
        }
    }

    private static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null) inner = inner.InnerException;
        string detail = inner.Message.Split('\n')[0];
        string hint = detail.Contains("GLIBCXX", StringComparison.Ordinal) || OperatingSystem.IsLinux()
            ? " On Debian 12 the system libstdc++ lacks GLIBCXX_3.4.32 (libtorch 2.10 needs GCC >= 13's runtime): run ./build.sh setup as root, or install libstdc++6 from Debian trixie."
            : string.Empty;
        return "TorchSharp's native library (libtorch) could not be loaded. Reference the packages 'TorchSharp' 0.107.0 plus " +
               "'libtorch-cpu-linux-x64' 2.10.0 (or 'TorchSharp-cpu'; for GPUs 'libtorch-cuda-12.8-linux-x64' 2.10.0, which a build with -p:EosNetTorchBackend=cuda references; never both CPU and CUDA)." +
               hint + $" Cause: {detail}";
    }

    /// <summary>The libtorch version string (e.g. 2.10.0).</summary>
    public static string Version
    {
        get { EnsureLoaded(); return torch.__version__; }
    }

    /// <summary>True when a CUDA device is usable.</summary>
    public static bool CudaAvailable
    {
        get
        {
            EnsureLoaded();
            try { return torch.cuda.is_available(); }
            catch (Exception) { return false; }
        }
    }

    /// <summary>
    /// Resolves a device specification: "auto" (CUDA when available, else CPU), "cpu", "cuda" or "cuda:N".
    /// </summary>
    /// <exception cref="ArgumentException">For an unknown specification, or CUDA requested but unavailable.</exception>
    public static torch.Device ResolveDevice(string? spec)
    {
        EnsureLoaded();
        var s = (spec ?? "auto").Trim().ToLowerInvariant();
        if (s is "" or "auto") return CudaAvailable ? new torch.Device(DeviceType.CUDA, 0) : torch.CPU;
        if (s == "cpu") return torch.CPU;
        if (s == "cuda" || s.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!CudaAvailable)
                throw new ArgumentException($"device '{spec}' requested but CUDA is not available (TorchSharp reports no CUDA device; build with -p:EosNetTorchBackend=cuda (libtorch-cuda-12.8-linux-x64) and install a CUDA driver, or use device 'cpu'/'auto')");
            int index = 0;
            if (s.Length > 5 && !int.TryParse(s.AsSpan(5), out index))
                throw new ArgumentException($"invalid CUDA device '{spec}'; use cuda or cuda:N");
            int count = torch.cuda.device_count();
            if (index < 0 || index >= count) throw new ArgumentException($"device '{spec}' does not exist: {count} CUDA device(s) present");
            return new torch.Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"unknown device '{spec}'; use auto, cpu, cuda or cuda:N");
    }

    /// <summary>What a device specification resolves to, in words: "CUDA device 0 of 1" or "CPU (N threads)".</summary>
    public static string DescribeDevice(string? spec)
    {
        var device = ResolveDevice(spec);
        return device.type == DeviceType.CUDA
            ? $"CUDA device {device.index} of {torch.cuda.device_count()}"
            : $"CPU ({torch.get_num_threads()} threads)";
    }

    /// <summary>
    /// Sets libtorch's intra-op thread count (process-wide). 0 keeps the default (number of cores).
    /// Calls with the same value are free.
    /// </summary>
    public static void SetThreads(int threads)
    {
        EnsureLoaded();
        if (threads <= 0 || threads == _threads) return;
        lock (Gate)
        {
            torch.set_num_threads(threads);
            _threads = threads;
        }
    }
}

/// <summary>TorchSharp's native library could not be loaded; the message says what to install.</summary>
public sealed class TorchUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TorchUnavailableException(string message, Exception inner) : base(message, inner) { }
}
