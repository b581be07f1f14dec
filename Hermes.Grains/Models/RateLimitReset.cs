using System.Globalization;
using System.Text.RegularExpressions;

namespace Hermes.Grains.Models;

/// <summary>
/// Reads when a rate limit resets from a 429 answer: <c>Retry-After</c> (seconds or a date) first, else the latest of the
/// providers' own reset headers: OpenAI's <c>x-ratelimit-reset-*</c> (durations such as <c>6m0s</c>) and Anthropic's
/// <c>anthropic-ratelimit-*-reset</c> (RFC 3339 times).
/// </summary>
public static partial class RateLimitReset
{
    /// <returns>The reset time, or null when the answer names none.</returns>
    public static DateTimeOffset? Of(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta is { } delta ? now + delta : retryAfter.Date;
        }

        DateTimeOffset? latest = null;
        foreach (var (name, values) in response.Headers)
        {
            var value = values.FirstOrDefault();
            DateTimeOffset? reset = value is null ? null
                : name.StartsWith("x-ratelimit-reset", StringComparison.OrdinalIgnoreCase) && Duration(value) is { } wait ? now + wait
                : name.StartsWith("anthropic-ratelimit-", StringComparison.OrdinalIgnoreCase) && name.EndsWith("-reset", StringComparison.OrdinalIgnoreCase) &&
                  DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
                : null;
            if (reset > (latest ?? DateTimeOffset.MinValue))
            {
                latest = reset;
            }
        }

        return latest;
    }

    /// <summary>Reads a duration as OpenAI writes it (<c>1s</c>, <c>20ms</c>, <c>6m0s</c>, <c>1h2m3.5s</c>), or plain seconds.</summary>
    internal static TimeSpan? Duration(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var parts = DurationPart().Matches(text);
        if (parts.Count == 0 || parts.Sum(part => part.Length) != text.Length)
        {
            return null;
        }

        return parts.Aggregate(TimeSpan.Zero, (total, part) =>
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            return total + part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMilliseconds(amount),
            };
        });
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex DurationPart();
}
