using System.Collections;
using System.Reflection;
using EOSnet.Model;
using EOSnet.Model.Equivariant;

namespace EOSnet.MLNet.Tests;

/// <summary>
/// <see cref="EosNetTrainerOptions"/> is a flat view of <see cref="EosNetArchitecture"/> and <see cref="TrainingOptions"/>:
/// its defaults are theirs, and every setting of theirs reaches them (or is listed here as not exposed).
/// </summary>
public class TrainerOptionsMappingTests
{
    /// <summary>Architecture settings the trainer options do not expose (the task comes from the catalog).</summary>
    private static readonly string[] ArchitectureNotExposed =
        { nameof(EosNetArchitecture.Task), nameof(EosNetArchitecture.GaussianMin), nameof(EosNetArchitecture.GaussianMax),
          nameof(EosNetArchitecture.GaussianStep), nameof(EosNetArchitecture.GaussianWidth), nameof(EosNetArchitecture.Dropout) };

    /// <summary>Recipe settings the trainer options do not expose directly (the seed is resolved from the context when null).</summary>
    private static readonly string[] RecipeNotExposed = { nameof(TrainingOptions.Seed) };

    [Theory]
    [InlineData(ModelTask.Regression)]
    [InlineData(ModelTask.BinaryClassification)]
    public void Fresh_options_map_to_the_reference_architecture(ModelTask task) =>
        AssertSameSettings(new EosNetArchitecture { Task = task }, new EosNetTrainerOptions().Architecture(task));

    [Fact]
    public void Fresh_options_map_to_the_reference_recipe() =>
        AssertSameSettings(new TrainingOptions { Seed = 17 }, new EosNetTrainerOptions().Recipe(17));

    [Fact]
    public void Every_architecture_setting_is_mapped_or_listed_as_not_exposed() =>
        AssertEverySettingReaches<EosNetArchitecture>(ArchitectureNotExposed, o => o.Architecture(ModelTask.Regression));

    [Fact]
    public void Every_recipe_setting_is_mapped_or_listed_as_not_exposed() =>
        AssertEverySettingReaches<TrainingOptions>(RecipeNotExposed, o => o.Recipe(17));

    [Fact]
    public void Fresh_options_map_to_the_v2_recipe() =>
        AssertSameSettings(new EosNetV2TrainingOptions { Seed = 17 }, new EosNetTrainerOptions().V2Recipe(17));

    [Fact]
    public void Every_v2_recipe_setting_is_mapped_or_listed_as_not_exposed() =>
        AssertEverySettingReaches<EosNetV2TrainingOptions>(RecipeNotExposed, o => o.V2Recipe(17));

    [Fact]
    public void Binary_classification_refuses_a_regression_loss()
    {
        var ml = new Microsoft.ML.MLContext(1);
        var e = Assert.Throws<ArgumentException>(() => ml.BinaryClassification.Trainers.EosNet(new EosNetTrainerOptions { Loss = RegressionLoss.AbsoluteError }));
        Assert.Contains("regression loss", e.Message);
        Assert.NotNull(ml.Regression.Trainers.EosNet(new EosNetTrainerOptions { Loss = RegressionLoss.AbsoluteError }));
        Assert.NotNull(ml.BinaryClassification.Trainers.EosNet(new EosNetTrainerOptions()));
    }

    private static IEnumerable<PropertyInfo> Settings<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.Name != "EqualityContract");

    private static void AssertSameSettings<T>(T expected, T actual)
    {
        foreach (var p in Settings<T>())
            Assert.True(SameValue(p.GetValue(expected), p.GetValue(actual)), $"{typeof(T).Name}.{p.Name}: expected {Show(p.GetValue(expected))}, the trainer options give {Show(p.GetValue(actual))}");
    }

    /// <summary>For each setting of <typeparamref name="T"/>, a non-default value of the same-named option must arrive in the record.</summary>
    private static void AssertEverySettingReaches<T>(string[] notExposed, Func<EosNetTrainerOptions, T> map)
    {
        foreach (var p in Settings<T>().Where(p => !notExposed.Contains(p.Name)))
        {
            var option = typeof(EosNetTrainerOptions).GetProperty(p.Name);
            Assert.True(option is { CanWrite: true }, $"{typeof(T).Name}.{p.Name} has no EosNetTrainerOptions.{p.Name}: expose it or list it as not exposed");
            var options = new EosNetTrainerOptions();
            var changed = Changed(option!.PropertyType, option.GetValue(options));
            option.SetValue(options, changed);
            var arrived = p.GetValue(map(options));
            Assert.True(SameValue(changed, arrived), $"EosNetTrainerOptions.{p.Name} = {Show(changed)} reaches {typeof(T).Name}.{p.Name} as {Show(arrived)}");
        }
    }

    /// <summary>A value different from <paramref name="value"/> of the type.</summary>
    private static object Changed(Type type, object? value)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t switch
        {
            _ when t == typeof(int) => value is int i ? i + 1 : 7,
            _ when t == typeof(double) => value is double d ? d * 2 + 0.25 : 0.25,
            _ when t == typeof(bool) => !(value is bool b && b),
            _ when t == typeof(string) => (string?)value + "-changed",
            _ when t == typeof(int[]) => new[] { 7, 11 },
            _ when t.IsEnum => Enum.GetValues(t).Cast<object>().First(e => !e.Equals(value)),
            _ => throw new NotSupportedException($"no changed value for {type.Name}: extend this test"),
        };
    }

    private static bool SameValue(object? a, object? b) =>
        a is IEnumerable x && b is IEnumerable y && a is not string ? x.Cast<object>().SequenceEqual(y.Cast<object>()) : Equals(a, b);

    private static string Show(object? v) => v is IEnumerable e and not string ? "[" + string.Join(", ", e.Cast<object>()) + "]" : v?.ToString() ?? "null";
}
