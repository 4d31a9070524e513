using EOSnet.MLNet.Evaluation;

namespace EOSnet.MLNet.Tests.Evaluation;

public class RankCorrelationTests
{
    [Fact]
    public void Monotone_relations_give_plus_or_minus_one()
    {
        var x = new double[] { 0.1, 0.5, 2, 7, 30 };
        Assert.Equal(1, RankCorrelation.Spearman(x, x.Select(v => Math.Exp(v / 10)).ToArray()), 12);
        Assert.Equal(-1, RankCorrelation.Spearman(x, x.Select(v => -v * v).ToArray()), 12);
    }

    [Fact]
    public void Matches_the_textbook_formula_without_ties_and_averages_tied_ranks()
    {
        // No ties: ρ = 1 − 6 Σd² / (n(n² − 1)); ranks of y are 2, 1, 4, 3, 5 → Σd² = 4 → ρ = 1 − 24/120 = 0.8.
        Assert.Equal(0.8, RankCorrelation.Spearman(new double[] { 1, 2, 3, 4, 5 }, new double[] { 20, 10, 40, 30, 50 }), 12);
        // Ties: y ranks 1.5, 1.5, 3, 4 → Pearson of (1,2,3,4) and (1.5,1.5,3,4) = 4.5 / sqrt(5 · 4.5).
        Assert.Equal(4.5 / Math.Sqrt(5 * 4.5), RankCorrelation.Spearman(new double[] { 1, 2, 3, 4 }, new double[] { 7, 7, 8, 9 }), 12);
        Assert.True(double.IsNaN(RankCorrelation.Spearman(new double[] { 1, 2, 3 }, new double[] { 4, 4, 4 })));
    }
}
