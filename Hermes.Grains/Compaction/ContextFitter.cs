using Microsoft.Extensions.AI;

namespace Hermes.Grains.Compaction;

/// <summary>
/// Fits one model call's messages into a token budget by leaving out the oldest ones: the leading system messages stay,
/// then whole groups go, oldest first, where a group is a message with the tool results that follow it, so a tool call
/// is never separated from its result. The newest group always stays.
/// </summary>
public static class ContextFitter
{
    /// <summary>Tells the model, in place of what was left out, that the conversation is longer than it sees.</summary>
    public const string LeftOutNote = "Earlier messages of this conversation are left out here to fit the model's context window.";

    /// <returns><paramref name="messages"/> itself when it fits; else a shorter list.</returns>
    public static IList<ChatMessage> Fit(IList<ChatMessage> messages, int budget, TokenEstimator estimator)
    {
        var total = estimator.Estimate(messages);
        if (total <= budget)
        {
            return messages;
        }

        var head = 0;
        while (head < messages.Count && messages[head].Role == ChatRole.System)
        {
            head++;
        }

        var note = new ChatMessage(ChatRole.System, LeftOutNote);
        total += estimator.Estimate(note);
        var start = head;
        while (total > budget && NextGroup(messages, start) is var next && next < messages.Count)
        {
            for (var i = start; i < next; i++)
            {
                total -= estimator.Estimate(messages[i]);
            }

            start = next;
        }

        return [.. messages.Take(head), note, .. messages.Skip(start)];
    }

    // Where the group that starts at `start` ends: at the next message that is not a tool result.
    private static int NextGroup(IList<ChatMessage> messages, int start)
    {
        var next = start + 1;
        while (next < messages.Count && messages[next].Role == ChatRole.Tool)
        {
            next++;
        }

        return next;
    }
}
