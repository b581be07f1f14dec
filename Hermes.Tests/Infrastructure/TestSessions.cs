using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Tests.Infrastructure;

public static class TestSessions
{
    /// <summary>A fresh session key, so that tests never share a session.</summary>
    public static SessionKey NewKey() => SessionKey.ForDm("test", Guid.NewGuid().ToString("N"));

    /// <summary>Waits until no turn runs in the session, and returns its snapshot then.</summary>
    public static async Task<SessionSnapshot> WhenIdleAsync(ISessionGrain session)
    {
        SessionSnapshot? snapshot = null;
        await Poll.UntilAsync(async () => !(snapshot = await session.GetSnapshotAsync()).TurnRunning, "the session to finish its turn");
        return snapshot!;
    }

    public static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
