using System.Collections.Immutable;
using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>
/// The session following a client's view of the history (an OpenAI client sending whole histories, a fork of a stored
/// response): whether the two agree, and the conversation that starts from the client's when they do not.
/// Pure logic over <see cref="SessionState"/>, like <see cref="Conversation"/>; the grain archives and writes.
/// </summary>
public static class ClientHistory
{
    /// <summary>
    /// True when the client saw what the model will see: the same user messages and answers, in order. Only the recent
    /// transcript is compared, since only it reaches the model: when older turns are archived, the client's history
    /// need only end with the recent part.
    /// </summary>
    public static bool Agrees(SessionState state, IReadOnlyList<TranscriptMessage> client)
    {
        var ours = Visible(state.Transcript);
        var theirs = Visible(client);
        return state.ArchivedPages == 0
            ? ours.SequenceEqual(theirs)
            : theirs.Count >= ours.Count && theirs.Skip(theirs.Count - ours.Count).SequenceEqual(ours);
    }

    /// <summary>
    /// Fills the (new, empty) conversation with the client's history, renumbered as turns: each user message opens one.
    /// Messages the model would not see are left out.
    /// </summary>
    public static void Seed(SessionState state, IEnumerable<TranscriptMessage> client, DateTimeOffset now)
    {
        var turn = 0;
        foreach (var message in client.Where(message => message.InModelContext))
        {
            if (message.Role == TranscriptRole.User)
            {
                turn++;
            }

            state.Transcript.Add(message with { Turn = Math.Max(turn, 1) });
        }

        state.TurnCount = turn;
        state.LastActivityAt = now;
    }

    /// <summary>What a user sees of a transcript: the user messages the model sees, and each turn's answer (its last assistant text).</summary>
    private static List<(TranscriptRole Role, string Text)> Visible(IEnumerable<TranscriptMessage> transcript)
    {
        List<(TranscriptRole, string)> visible = [];
        foreach (var turn in transcript.Where(message => message.InModelContext).GroupBy(message => message.Turn))
        {
            visible.AddRange(turn.Where(message => message.Role == TranscriptRole.User).Select(message => (TranscriptRole.User, message.Text.Trim())));
            if (turn.LastOrDefault(message => message.Role == TranscriptRole.Assistant && message.Text.Length > 0) is { } answer)
            {
                visible.Add((TranscriptRole.Assistant, answer.Text.Trim()));
            }
        }

        return visible;
    }

    /// <summary>The client's history as the model context of a turn that is not kept.</summary>
    public static ImmutableArray<TranscriptMessage> InContext(ImmutableArray<TranscriptMessage> client) => [.. client.Where(message => message.InModelContext)];
}
