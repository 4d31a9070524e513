namespace EOSnet.MLNet.Evaluation;

/// <summary>Spearman's rank correlation (e.g. of an ensemble's Uncertainty against its absolute error).</summary>
public static class RankCorrelation
{
    /// <summary>
    /// Spearman's ρ: the Pearson correlation of the ranks, tied values sharing their mean rank. NaN when fewer than two
    /// pairs or when either variable is constant.
    /// </summary>
    /// <param name="x">First variable.</param>
    /// <param name="y">Second variable, paired with <paramref name="x"/> by position.</param>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"{x.Count} values against {y.Count}", nameof(y));
        if (x.Count < 2) return double.NaN;
        var rx = Ranks(x);
        var ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>1-based ranks; a run of ties gets the mean of the ranks it spans.</summary>
    private static double[] Ranks(IReadOnlyList<double> v)
    {
        var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && v[order[end + 1]] == v[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int j = start; j <= end; j++) ranks[order[j]] = rank;
            start = end + 1;
        }
        return ranks;
    }
}
