using System.Globalization;

namespace Hermes.Benchmarks.Harness;

/// <summary>Numbers as the tables print them: durations in a unit that keeps two or three significant digits, sizes in bytes.</summary>
internal static class Units
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Duration(TimeSpan value) => value.TotalSeconds switch
    {
        >= 10 => $"{value.TotalSeconds.ToString("0.0", Invariant)} s",
        >= 1 => $"{value.TotalSeconds.ToString("0.00", Invariant)} s",
        >= 0.01 => $"{value.TotalMilliseconds.ToString("0", Invariant)} ms",
        >= 0.001 => $"{value.TotalMilliseconds.ToString("0.00", Invariant)} ms",
        _ => $"{value.TotalMicroseconds.ToString("0", Invariant)} µs",
    };

    public static string Count(double value) => value.ToString(value >= 100 || value == Math.Floor(value) ? "#,0" : "#,0.0", Invariant);

    public static string Bytes(double value) => $"{value.ToString("#,0", Invariant)} B";

    public static string Ratio(double value) => value >= 100 ? $"{value.ToString("#,0", Invariant)}×" : $"{value.ToString("0.0", Invariant)}×";
}
