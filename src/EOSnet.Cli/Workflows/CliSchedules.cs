using EOSnet.Model;
using EOSnet.MLNet;

namespace EOSnet.Cli.Workflows;

/// <summary>
/// The CLI's <c>--schedule</c> names as trainer settings at a run's epoch budget, and <c>--preset</c> as the schedule,
/// weight averaging and batch size of a recipe of <see cref="EosNetPresets"/>.
/// </summary>
public static class CliSchedules
{
    /// <summary>The paper's multi-step decay; the warm-up is at most a fifth of a short budget.</summary>
    public const string Paper = "paper";
    /// <summary>×0.1 at 70 % and 90 % of the budget, after the budget recipe's warm-up (<see cref="EosNetPresets.Budget"/>).</summary>
    public const string Budget = "budget";
    /// <summary>The budget recipe's warm-up, then half a cosine down to 0.</summary>
    public const string Cosine = "cosine";

    /// <summary>The --preset name of <see cref="EosNetPresets.CosineAverage"/> (formerly v2).</summary>
    public const string CosineAveragePreset = "cosine-avg";

    /// <summary>The --schedule names.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { Paper, Budget, Cosine };

    /// <summary>Sets the warm-up, milestones and decay shape of <paramref name="schedule"/> at <paramref name="options"/>' epochs.</summary>
    public static void Apply(EosNetTrainerOptions options, string schedule)
    {
        var budget = EosNetPresets.Budget(options.Epochs);
        switch (schedule)
        {
            case Paper:
                options.WarmupEpochs = Math.Min(options.WarmupEpochs, Math.Max(1, options.Epochs / 5));
                break;
            case Budget:
                options.WarmupEpochs = budget.WarmupEpochs;
                options.Milestones = budget.Milestones;
                break;
            case Cosine:
                options.WarmupEpochs = budget.WarmupEpochs;
                options.Schedule = LearningRateSchedule.Cosine;
                break;
            default:
                throw new CliUsageException($"unknown --schedule '{schedule}'; use {string.Join(", ", Names)}");
        }
    }

    /// <summary>
    /// Applies the named recipe of <see cref="EosNetPresets"/> (paper, budget, cosine-avg) at <paramref name="options"/>' epochs:
    /// its weight averaging and (unless <paramref name="batchSizeGiven"/>) batch size; returns its schedule name.
    /// </summary>
    public static string ApplyPreset(EosNetTrainerOptions options, string preset, bool batchSizeGiven)
    {
        var recipe = preset switch
        {
            "paper" => EosNetPresets.Paper(),
            "budget" => EosNetPresets.Budget(options.Epochs),
            CosineAveragePreset => EosNetPresets.CosineAverage(options.Epochs),
            "v2" => throw new CliUsageException($"--preset v2 is now --preset {CosineAveragePreset} (the v1 network's cosine decay + weight average recipe, EosNetPresets.CosineAverage; v2 names the e3nn network)"),
            _ => throw new CliUsageException($"unknown --preset '{preset}'; use paper, budget or {CosineAveragePreset}"),
        };
        options.EmaDecay = recipe.EmaDecay;
        if (!batchSizeGiven) options.BatchSize = recipe.BatchSize;
        return recipe.Schedule == LearningRateSchedule.Cosine ? Cosine : preset == "paper" ? Paper : Budget;
    }
}
