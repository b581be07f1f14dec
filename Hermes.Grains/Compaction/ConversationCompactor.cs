using System.Text;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Compaction;

/// <summary>
/// Compaction: decides when the model's context has grown too close to its window (<see cref="Plan"/>) and replaces the
/// older turns by a summary that a model writes (<see cref="SummarizeAsync"/>). It cuts only between turns, so a tool
/// call and its result are summarised or kept together, and it keeps the newest turns word for word. Pure logic over
/// the transcript: the session stores the summary it returns; the transcript itself is never changed.
/// </summary>
public static class ConversationCompactor
{
    // Characters of one message the summariser is shown; a huge tool result matters by its gist, not in full.
    private const int MaxMessageCharacters = 2_000;

    // Share of the summariser's window its prompt may fill, leaving room for the summary it writes.
    private const double PromptShare = 0.5;

    /// <summary>The message the model reads in place of the turns a summary covers.</summary>
    public static ChatMessage ToMessage(ContextSummary summary) => new(
        ChatRole.System,
        $"Summary of the earlier conversation (turns 1 to {summary.ThroughTurn}), which is too long to show in full:\n{summary.Text}");

    /// <summary>The plan of a compaction, or null when none is due (or, when <paramref name="force"/>d, when there is nothing to summarise).</summary>
    /// <param name="transcript">The recent transcript, oldest first.</param>
    /// <param name="summary">The conversation's current summary, if any.</param>
    /// <param name="nextUserText">The message about to be sent, counted as part of the context; null for <c>/compress</c>.</param>
    /// <param name="contextLength">The primary model's window, in tokens.</param>
    /// <param name="force">True for <c>/compress</c>: compact whatever the context's size.</param>
    public static CompactionPlan? Plan(
        IReadOnlyList<TranscriptMessage> transcript, ContextSummary? summary, string? nextUserText, int contextLength, TokenEstimator estimator, CompactionOptions options, bool force)
    {
        var covered = summary?.ThroughTurn ?? 0;
        var turns = transcript.Where(message => message.InModelContext && message.Turn > covered).GroupBy(message => message.Turn).ToList();
        var fixedTokens = (summary is null ? 0 : estimator.Estimate(ToMessage(summary))) + (nextUserText is null ? 0 : estimator.Estimate(nextUserText));
        var turnTokens = turns.Select(turn => turn.Sum(estimator.Estimate)).ToList();
        var before = fixedTokens + turnTokens.Sum();
        if (!force && before < options.Threshold * contextLength)
        {
            return null;
        }

        // The newest turns stay word for word, as many as fit their share of the window (of the context, when that is
        // smaller, as on /compress), and always the last one.
        var keepBudget = options.KeepRecentShare * Math.Min(contextLength, before);
        var kept = 0;
        var firstKept = turns.Count;
        while (firstKept > 0 && (firstKept == turns.Count || kept + turnTokens[firstKept - 1] <= keepBudget))
        {
            firstKept--;
            kept += turnTokens[firstKept];
        }

        if (firstKept == 0)
        {
            return null;
        }

        return new CompactionPlan(
            turns[firstKept - 1].Key,
            [.. turns.Take(firstKept).SelectMany(turn => turn)],
            before,
            kept + (nextUserText is null ? 0 : estimator.Estimate(nextUserText)));
    }

    /// <summary>
    /// Has <paramref name="write"/> summarise the plan's older turns, on top of the <paramref name="previous"/> summary.
    /// A failure (an error, an empty answer) is returned, not thrown: the conversation then stays as it was.
    /// </summary>
    /// <exception cref="OperationCanceledException">The turn was stopped.</exception>
    public static async Task<CompactionResult> SummarizeAsync(
        CompactionPlan plan,
        ContextSummary? previous,
        SummaryWriter write,
        int summarizerContextLength,
        TokenEstimator estimator,
        CompactionOptions options,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        IList<ChatMessage> prompt =
        [
            new(ChatRole.System,
                "You keep the running summary of a conversation between a user and an assistant that uses tools. " +
                "Rewrite the summary so far together with the new part of the conversation into one summary. Keep what the " +
                "assistant needs to go on: the user's goals and preferences, facts, names, numbers, decisions, what the tools " +
                $"found, and open tasks. Write plain text of at most {options.SummaryWords} words and nothing else."),
            new(ChatRole.User, Transcript(plan.Older, previous, (int)(summarizerContextLength * PromptShare * TokenEstimator.CharactersPerToken / estimator.Scale))),
        ];
        SummaryAnswer answer;
        try
        {
            answer = await write(prompt, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return CompactionResult.Failed($"the summary could not be written ({exception.GetType().Name})", TokenUsage.None);
        }

        if (string.IsNullOrWhiteSpace(answer.Text))
        {
            return CompactionResult.Failed("the summarising model gave an empty answer", answer.Usage);
        }

        var summary = new ContextSummary(answer.Text.Trim(), plan.ThroughTurn, plan.TokensBefore, 0, answer.Model, now);
        return new CompactionResult(summary with { TokensAfter = estimator.Estimate(ToMessage(summary)) + plan.TokensKept }, null, answer.Usage);
    }

    // The summariser's input: the summary so far, then the newest messages that fit, each cut to its gist.
    private static string Transcript(IReadOnlyList<TranscriptMessage> older, ContextSummary? previous, int maxCharacters)
    {
        // A small window still shows the summariser a few of the newest messages, each cut shorter.
        var perMessage = Math.Min(MaxMessageCharacters, maxCharacters / 4);
        var lines = older.Select(message => Line(message, perMessage)).ToList();
        var head = previous is null ? "Summary so far: none.\n\n" : $"Summary so far:\n{previous.Text}\n\n";
        var room = maxCharacters - head.Length;
        var first = lines.Count;
        while (first > 0 && room - lines[first - 1].Length > 0)
        {
            first--;
            room -= lines[first].Length;
        }

        var text = new StringBuilder(head).Append("New part of the conversation:\n");
        if (first > 0)
        {
            text.Append("(").Append(first).Append(" earlier messages left out)\n");
        }

        foreach (var line in lines.Skip(first))
        {
            text.Append(line);
        }

        return text.ToString();
    }

    private static string Line(TranscriptMessage message, int limit)
    {
        var calls = message.ToolCalls.IsDefaultOrEmpty ? string.Empty : " calls " + string.Join(", ", message.ToolCalls.Select(call => $"{call.Name}({Cut(call.ArgumentsJson, limit)})"));
        var speaker = message.Role.ToString().ToLowerInvariant();
        return $"[{speaker}{calls}] {Cut(message.Text, limit)}\n";
    }

    private static string Cut(string text, int limit) => text.Length <= limit ? text : string.Concat(text.AsSpan(0, limit), "…");
}
