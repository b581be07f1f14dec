using Hermes.Grains.Agents;
using Hermes.Grains.Compaction;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Sessions;

/// <summary>
/// Compaction as a session runs it: before a turn when the context nears the primary model's window, and on
/// <c>/compress</c>. A new summary goes into the session's state (written with the turn or command); a failed one changes
/// nothing, and the turn then goes on with the newest turns that fit (<see cref="ContextWindowChatClient"/>).
/// </summary>
public sealed class SessionCompaction(IOptionsMonitor<CompactionOptions> options, TimeProvider time)
{
    /// <summary>Compacts when due, or at once when <paramref name="force"/>d; null when nothing was tried.</summary>
    /// <param name="nextUserText">The message about to be sent; null for <c>/compress</c>.</param>
    public async Task<CompactionResult?> CompactAsync(SessionAgent agent, SessionState state, string? nextUserText, bool force, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if ((!settings.Enabled && !force) || agent.Window.ContextLength is not { } window)
        {
            return null;
        }

        var plan = ConversationCompactor.Plan(state.Transcript, state.Summary, nextUserText, window, agent.Window.Tokens, settings, force);
        if (plan is null)
        {
            return null;
        }

        CompactionResult result;
        try
        {
            result = await ConversationCompactor.SummarizeAsync(
                plan, state.Summary, agent.SummarizeAsync, agent.Window.SummarizerContextLength ?? window, agent.Window.Tokens, settings, time.GetUtcNow(), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while summarising: the conversation stays as it was, and the caller's turn ends interrupted.
            return null;
        }

        if (result.Summary is { } summary)
        {
            state.Summary = summary;
        }

        return result;
    }
}
