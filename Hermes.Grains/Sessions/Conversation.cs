using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Hermes.Contracts.Transcripts;
using Hermes.Grains.Agents;
using Hermes.Grains.Compaction;
using Hermes.Grains.Models;
using Hermes.Grains.Transcripts;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Sessions;

/// <summary>
/// The conversation as the durable state holds it, and every rule about it: what a turn adds, what the model sees, which
/// messages move to an archive page, what <c>/undo</c> and <c>/retry</c> take back, and how a new conversation starts.
/// Pure logic: it changes <see cref="SessionState"/> in memory; the grain writes the state and the archive pages.
/// </summary>
public sealed class Conversation(SessionState state)
{
    /// <summary>The messages of earlier turns that the model should see: the compaction summary, if any, in place of the turns it covers.</summary>
    public IEnumerable<ChatMessage> ModelContext => state.Summary is { } summary
        ? TranscriptMapper.ToModelContext(state.Transcript.Where(message => message.Turn > summary.ThroughTurn)).Prepend(ConversationCompactor.ToMessage(summary))
        : TranscriptMapper.ToModelContext(state.Transcript);

    /// <summary>Starts the first conversation of a session that has none yet (on its first activation).</summary>
    public void StartIfNew(DateTimeOffset now)
    {
        if (state.SessionId.Length == 0)
        {
            Start(now);
        }
    }

    /// <summary>Remembers the current conversation among the earlier ones (when it has archive pages) and starts a clean one.</summary>
    /// <remarks>Archive the whole transcript first (<see cref="PageToArchive"/> with every message), or its recent part is lost.</remarks>
    public void StartNew(DateTimeOffset now)
    {
        if (state.ArchivedPages > 0)
        {
            state.EarlierConversations.Add(new ArchivedConversation(state.SessionId, state.ArchivedPages, state.ArchivedMessages, state.CreatedAt, now));
        }

        Start(now);
    }

    // A clean conversation: a new id, an empty transcript, no usage; the model choice and counters stay.
    private void Start(DateTimeOffset now)
    {
        state.SessionId = Guid.NewGuid().ToString("N");
        state.CreatedAt = now;
        state.Transcript.Clear();
        state.TurnCount = 0;
        state.LastTurn = null;
        state.Usage = TokenUsage.None;
        state.UsageByModel.Clear();
        state.ArchivedMessages = 0;
        state.ArchivedPages = 0;
        state.Summary = null;
    }

    /// <summary>Appends a turn to the transcript and updates the totals; returns the turn's number, reply and first error.</summary>
    public (int Number, string Reply, TurnError? Error) Record(string userText, AgentTurn turn, DateTimeOffset now)
    {
        var number = state.TurnCount + 1;
        var error = turn.Errors.Count > 0 ? turn.Errors[0] : null;
        var reply = TurnReplies.For(turn);

        // A failed turn's message stays out of the model's context (the user will rephrase or /retry); an interrupted
        // one stays in it, since the user usually goes on from it ("no, do this instead").
        var userInContext = turn.Outcome != TurnOutcome.Failed;
        state.Transcript.Add(new TranscriptMessage(TranscriptRole.User, userText, number, now, [], null, userInContext));
        if (turn.Outcome == TurnOutcome.Completed)
        {
            state.Transcript.AddRange(TranscriptMapper.FromTurn(turn.Messages, number, now));
        }
        else
        {
            state.Transcript.Add(new TranscriptMessage(TranscriptRole.Notice, reply, number, now, [], null, InModelContext: false));
        }

        state.TurnCount = number;
        state.Usage = state.Usage.Add(turn.Usage);
        ModelUsageTotals.Add(state.UsageByModel, turn.Models.UsageByModel);
        state.LastActivityAt = now;
        state.LastTurn = new TurnSummary(number, turn.Outcome, turn.Models.ModelUsed, turn.Models.FallbackUsed, error, now, turn.Models.ProviderUsed);
        return (number, reply, error);
    }

    /// <summary>The next archive page: the oldest <paramref name="count"/> messages, or null when there are none to move.</summary>
    /// <param name="count">Every message (for a new conversation), or <see cref="TranscriptArchivePolicy"/>'s cut.</param>
    public (int Number, ImmutableArray<TranscriptMessage> Messages)? PageToArchive(int count) =>
        count == 0 ? null : (state.ArchivedPages, [.. state.Transcript.Take(count)]);

    /// <summary>The page <see cref="PageToArchive"/> would give after a turn, under the session's transcript settings.</summary>
    public (int Number, ImmutableArray<TranscriptMessage> Messages)? PageDue(TranscriptOptions options) =>
        PageToArchive(TranscriptArchivePolicy.MessagesToArchive(state.Transcript, options));

    /// <summary>Forgets the messages of a page that is now written.</summary>
    public void Archived(int count)
    {
        state.Transcript.RemoveRange(0, count);
        state.ArchivedPages++;
        state.ArchivedMessages += count;
    }

    /// <summary>Removes the last user message and everything after it; returns its text, or null when there is none.</summary>
    public string? TakeLastExchange()
    {
        var index = state.Transcript.FindLastIndex(message => message.Role == TranscriptRole.User);
        if (index < 0)
        {
            return null;
        }

        var text = state.Transcript[index].Text;
        if (state.Summary is { } summary && summary.ThroughTurn >= state.Transcript[index].Turn)
        {
            // The summary speaks of the exchange taken back: it goes too, and the next turn compacts again if it must.
            state.Summary = null;
        }

        state.Transcript.RemoveRange(index, state.Transcript.Count - index);
        return text;
    }

    /// <summary>Makes <paramref name="requested"/> the session's primary model (<c>default</c> goes back to the configured one).</summary>
    /// <returns>False when <paramref name="requested"/> cannot be a model id.</returns>
    public bool ChooseModel(string requested)
    {
        if (requested.Any(char.IsWhiteSpace) || requested.Length > 200)
        {
            return false;
        }

        state.ModelOverride = requested.Equals("default", StringComparison.OrdinalIgnoreCase) ? null : requested;
        return true;
    }
}
