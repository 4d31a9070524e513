namespace EOSnet.TestSupport;

/// <summary>
/// Runs full blocking garbage collections, each followed by the finalizers, on another thread without pause until
/// disposed: any object that only a finalizer frees (a temporary TorchSharp Scalar) is then freed within microseconds
/// of becoming unreachable, often while its own native call is still running.
/// </summary>
public sealed class NonstopCollections : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _collector;
    private long _count;

    /// <summary>Starts collecting.</summary>
    public NonstopCollections()
    {
        _collector = Task.Factory.StartNew(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref _count);
            }
        }, TaskCreationOptions.LongRunning);
    }

    /// <summary>Collections completed so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Stops collecting and waits for the collector thread (rethrowing anything it threw).</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _collector.GetAwaiter().GetResult();
        _stop.Dispose();
    }
}
