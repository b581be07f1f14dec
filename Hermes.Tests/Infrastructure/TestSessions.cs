using Hermes.Grains.Sessions;

namespace Hermes.Tests.Infrastructure;

public static class TestSessions
{
    /// <summary>A fresh session key, so that tests never share a session.</summary>
    public static SessionKey NewKey() => SessionKey.ForDm("test", Guid.NewGuid().ToString("N"));

    public static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
