namespace Hermes.Client.Pushes;

/// <summary>How a front-end drains its outbox of replies nobody waited for. Section <c>Hermes:Pushes</c>.</summary>
public sealed class PushOptions
{
    public const string SectionName = "Hermes:Pushes";

    /// <summary>How long a replica holds the replies it took before another may send them (it died, or is stuck).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one poll of the outbox waits for a reply to arrive; a reply that arrives meanwhile is taken at once.</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The pause after a failed poll or delivery before the next try.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a session waits for a caller that was handed a turn's result to claim it before pushing it to the
    /// outbox as well (the caller's process may have died with the result in flight). A longer window delays the reply
    /// of a front-end that crashed; a shorter one risks a reply shown twice when a claim is slow.
    /// </summary>
    public TimeSpan ClaimWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Replies taken per poll.</summary>
    public int BatchSize { get; set; } = 20;
}
