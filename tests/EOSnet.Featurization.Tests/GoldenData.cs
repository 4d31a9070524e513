using EOSnet.TestSupport;

namespace EOSnet.Featurization.Tests;

internal static class GoldenData
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var n in SharedData.GoldenStructureNames()) data.Add(n);
        if (data.Count == 0) data.Add("(no shared data)");
        return data;
    }
}
