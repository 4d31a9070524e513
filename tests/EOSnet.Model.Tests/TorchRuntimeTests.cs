using TorchSharp;

namespace EOSnet.Model.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void TorchSharp_loads_and_runs_a_tensor_operation()
    {
        TorchRuntime.EnsureLoaded(); // throws TorchUnavailableException with install advice when libtorch cannot load
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = torch.mm(a, a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
        Assert.StartsWith("2.10", TorchRuntime.Version);
    }

    [Fact]
    public void Device_specifications_are_validated()
    {
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice("cpu").type);
        var auto = TorchRuntime.ResolveDevice("auto");
        Assert.Equal(TorchRuntime.CudaAvailable ? DeviceType.CUDA : DeviceType.CPU, auto.type);
        Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice("tpu"));
        if (!TorchRuntime.CudaAvailable)
        {
            var ex = Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice("cuda:0"));
            Assert.Contains("CUDA is not available", ex.Message);
        }
    }

    [Fact]
    public void Devices_are_described_in_words()
    {
        Assert.Matches(@"^CPU \(\d+ threads\)$", TorchRuntime.DescribeDevice("cpu"));
        Assert.StartsWith(TorchRuntime.CudaAvailable ? "CUDA device 0 of " : "CPU (", TorchRuntime.DescribeDevice("auto"));
        Assert.Throws<ArgumentException>(() => TorchRuntime.DescribeDevice("tpu"));
    }
}
