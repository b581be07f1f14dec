using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Hermes.Grains.Schedules;

/// <summary>Durations as users write them: <c>90s</c>, <c>10m</c>, <c>1h30m</c>, <c>2d</c>, <c>1w</c>, or the words <c>minute</c>, <c>hour</c>, <c>day</c>, <c>week</c>.</summary>
public static partial class DurationText
{
    public static bool TryParse(string text, [NotNullWhen(true)] out TimeSpan? duration)
    {
        duration = text.ToLowerInvariant() switch
        {
            "second" => TimeSpan.FromSeconds(1),
            "minute" => TimeSpan.FromMinutes(1),
            "hour" => TimeSpan.FromHours(1),
            "day" => TimeSpan.FromDays(1),
            "week" => TimeSpan.FromDays(7),
            _ => null,
        };
        if (duration is not null)
        {
            return true;
        }

        var match = Parts().Match(text.ToLowerInvariant());
        if (!match.Success)
        {
            return false;
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var amount = int.Parse(part.Value[..^1], CultureInfo.InvariantCulture);
            total += part.Value[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
        }

        duration = total > TimeSpan.Zero ? total : null;
        return duration is not null;
    }

    public static string Format(TimeSpan duration)
    {
        var text = new StringBuilder();
        var rest = duration;
        foreach (var (unit, size) in new[] { ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)) })
        {
            var count = rest.Ticks / size.Ticks;
            if (count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{count}{unit}");
                rest -= TimeSpan.FromTicks(count * size.Ticks);
            }
        }

        return text.Length == 0 ? "0s" : text.ToString();
    }

    [GeneratedRegex(@"^(?<part>\d{1,6}[smhdw])+$")]
    private static partial Regex Parts();
}
