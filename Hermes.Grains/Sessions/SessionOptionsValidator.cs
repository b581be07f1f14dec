using Hermes.Contracts.Sessions;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Sessions;

/// <summary>Refuses, at start, session settings that would otherwise break every turn later.</summary>
public sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        List<string> failures = [];
        if (options.StreamHeartbeat <= TimeSpan.Zero)
        {
            failures.Add("Hermes:Sessions:StreamHeartbeat must be positive.");
        }

        if (options.StopTimeout <= TimeSpan.Zero)
        {
            failures.Add("Hermes:Sessions:StopTimeout must be positive.");
        }

        if (options.Reset.IdleAfter is { } idle && idle <= TimeSpan.Zero)
        {
            failures.Add("Hermes:Sessions:Reset:IdleAfter must be positive when set.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.Reset.TimeZone, out _))
        {
            failures.Add($"Hermes:Sessions:Reset:TimeZone '{options.Reset.TimeZone}' is not a time zone this machine knows.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
