namespace EOSnet.Model.Equivariant;

/// <summary>
/// Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations (accurate to rounding for the
/// ≤ 125 × 125 matrices of <see cref="Wigner3j"/>).
/// </summary>
internal static class JacobiEigen
{
    /// <summary>Eigenvalues (ascending) and the matching eigenvectors as columns of an n × n matrix.</summary>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] symmetric)
    {
        int n = symmetric.GetLength(0);
        var a = (double[,])symmetric.Clone();
        var v = new double[n, n];
        for (int i = 0; i < n; i++) v[i, i] = 1;
        for (int sweep = 0; sweep < 100 && OffDiagonal(a) > 1e-30 * Math.Max(1, Diagonal(a)); sweep++)
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    // Below rounding of both diagonal entries: set to zero instead of rotating (no endless sweeps).
                    double g = 100 * Math.Abs(a[p, q]);
                    if (Math.Abs(a[p, p]) + g == Math.Abs(a[p, p]) && Math.Abs(a[q, q]) + g == Math.Abs(a[q, q])) { a[p, q] = a[q, p] = 0; continue; }
                    if (a[p, q] != 0) Rotate(a, v, p, q);
                }
        var order = Enumerable.Range(0, n).OrderBy(i => a[i, i]).ToArray();
        var values = order.Select(i => a[i, i]).ToArray();
        var vectors = new double[n, n];
        for (int k = 0; k < n; k++)
            for (int i = 0; i < n; i++) vectors[i, k] = v[i, order[k]];
        return (values, vectors);
    }

    // Zeroes a[p, q] with the rotation of angle θ, tan 2θ = 2a_pq / (a_qq − a_pp) (stable form).
    private static void Rotate(double[,] a, double[,] v, int p, int q)
    {
        int n = a.GetLength(0);
        double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
        double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[k, p], akq = a[k, q];
            a[k, p] = c * akp - s * akq;
            a[k, q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++)
        {
            double apk = a[p, k], aqk = a[q, k];
            a[p, k] = c * apk - s * aqk;
            a[q, k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++)
        {
            double vkp = v[k, p], vkq = v[k, q];
            v[k, p] = c * vkp - s * vkq;
            v[k, q] = s * vkp + c * vkq;
        }
    }

    private static double OffDiagonal(double[,] a)
    {
        double s = 0;
        int n = a.GetLength(0);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j) s += a[i, j] * a[i, j];
        return s;
    }

    private static double Diagonal(double[,] a)
    {
        double s = 0;
        for (int i = 0; i < a.GetLength(0); i++) s += a[i, i] * a[i, i];
        return s;
    }
}
