namespace Hermes.Contracts.Sessions;

/// <summary>
/// The turn is still working (a long tool call, a slow model). Sent on a quiet stream every
/// <see cref="SessionOptions.StreamHeartbeat"/>, so that the front-end's call does not time out and its user can be
/// shown that work goes on.
/// </summary>
/// <param name="SilentFor">
/// Set by the watchdog when the turn has made no progress (no model output, no tool result) for this long: the user
/// should be told that it is still working or may have stalled. Null for the steady heartbeat.
/// </param>
[GenerateSerializer, Immutable, Alias("hermes.TurnHeartbeat")]
public sealed record TurnHeartbeat([property: Id(0)] TimeSpan? SilentFor = null) : TurnUpdate
{
    /// <summary>What a front-end tells its user about a silent turn; null for the steady heartbeat.</summary>
    public string? StallNotice => SilentFor is { } silent
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Still working, but nothing has happened for {(int)silent.TotalMinutes} min {silent.Seconds} s. Send /stop to end the turn.")
        : null;
}
