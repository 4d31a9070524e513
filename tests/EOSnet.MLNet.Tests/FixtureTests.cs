using EOSnet.Featurization;
using EOSnet.TestSupport;

namespace EOSnet.MLNet.Tests;

/// <summary>The committed fixture (tests/TestSupport/Fixtures) is there, reads as described and featurizes.</summary>
public class FixtureTests
{
    [Fact]
    public void The_materials_project_fixture_reads_as_described_and_every_structure_featurizes()
    {
        var records = TestFixtures.MaterialsProject();
        Assert.Equal(TestFixtures.MaterialsProjectCount, records.Count);
        Assert.Equal(records.Count, records.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(records, r => Assert.StartsWith("mb-mp-gap-", r.Id, StringComparison.Ordinal));
        Assert.All(records, r => Assert.InRange(r.Crystal.Count, 2, 12));
        Assert.All(records, r => Assert.True(r.Target is >= 0 and < 10, $"{r.Id}: gap {r.Target}"));
        Assert.Equal(TestFixtures.MaterialsProjectMetalCount, records.Count(r => r.Target == 0));
        Assert.True(records.Select(r => r.Crystal.Count).Distinct().Count() >= 8, "cells of many sizes");
        Assert.True(records.SelectMany(r => r.Crystal.AtomicNumbers).Distinct().Count() >= 60, "many elements");

        var featurizer = new CrystalFeaturizer();
        Assert.All(records, r =>
        {
            var graph = featurizer.Featurize(r.Crystal);
            Assert.NotNull(graph);
            Assert.Equal(r.Crystal.Count, graph!.AtomCount);
        });
    }

    [Fact]
    public void The_is_metal_variant_is_derived_from_the_gap()
    {
        var gaps = TestFixtures.MaterialsProject();
        var metal = TestFixtures.MaterialsProjectIsMetal();
        Assert.Equal(gaps.Select(r => r.Id), metal.Select(r => r.Id));
        for (int i = 0; i < gaps.Count; i++) Assert.Equal(gaps[i].Target == 0 ? 1.0 : 0.0, metal[i].Target);
        Assert.Equal(TestFixtures.MaterialsProjectMetalCount, metal.Count(r => r.Target == 1));
    }
}
