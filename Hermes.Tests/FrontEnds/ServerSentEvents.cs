namespace Hermes.Tests.FrontEnds;

/// <summary>A server-sent events body read into its events (comments dropped), for tests that check event names.</summary>
public static class ServerSentEvents
{
    public static IReadOnlyList<(string? Event, string Data)> Parse(string body) =>
    [
        .. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n').Where(line => !line.StartsWith(':')).ToList())
            .Where(lines => lines.Count > 0)
            .Select(lines => (
                lines.FirstOrDefault(line => line.StartsWith("event: ", StringComparison.Ordinal))?["event: ".Length..],
                string.Join("\n", lines.Where(line => line.StartsWith("data: ", StringComparison.Ordinal)).Select(line => line["data: ".Length..])))),
    ];
}
