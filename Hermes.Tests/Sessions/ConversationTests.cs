using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Models;
using Hermes.Grains.Sessions;
using Hermes.Grains.Transcripts;
using Microsoft.Extensions.AI;

namespace Hermes.Tests.Sessions;

public sealed class ConversationTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly SessionState _state = new();

    private Conversation Conversation => new(_state);

    [Fact]
    public void A_completed_turn_adds_the_message_and_the_answer_and_both_reach_the_model_next_time()
    {
        Conversation.StartIfNew(At);

        var (number, reply, error) = Conversation.Record("hi", Completed("hello there", new TokenUsage(3, 4)), At);

        Assert.Equal((1, "hello there", (TurnError?)null), (number, reply, error));
        Assert.Equal([TranscriptRole.User, TranscriptRole.Assistant], _state.Transcript.Select(message => message.Role));
        Assert.Equal([ChatRole.User, ChatRole.Assistant], Conversation.ModelContext.Select(message => message.Role));
        Assert.Equal((1, new TokenUsage(3, 4), (DateTimeOffset?)At), (_state.TurnCount, _state.Usage, _state.LastActivityAt));
        Assert.Equal(TurnOutcome.Completed, _state.LastTurn?.Outcome);
    }

    [Fact]
    public void A_failed_turn_is_kept_with_a_notice_and_stays_out_of_the_model_context_while_an_interrupted_one_stays_in()
    {
        var failure = new TurnError(ErrorKind.ModelUnavailable, "no such model", 404, "m");
        var failed = Conversation.Record("failing", AgentTurn.Failed([failure], new ModelTurnLog(), 0, TokenUsage.None), At);
        var interrupted = Conversation.Record("interrupted", AgentTurn.Interrupted(new ModelTurnLog(), 0, TokenUsage.None), At);

        Assert.Equal((TurnReplies.ForFailure([failure]), failure), (failed.Reply, failed.Error));
        Assert.Equal((TurnReplies.Interrupted, (TurnError?)null), (interrupted.Reply, interrupted.Error));
        Assert.Equal([TranscriptRole.User, TranscriptRole.Notice, TranscriptRole.User, TranscriptRole.Notice], _state.Transcript.Select(message => message.Role));
        Assert.Equal(["interrupted"], Conversation.ModelContext.Select(message => message.Text));
        Assert.Equal(2, _state.TurnCount);
    }

    [Fact]
    public void Undo_takes_back_the_last_message_and_everything_after_it()
    {
        Conversation.Record("first", Completed("one"), At);
        Conversation.Record("second", Completed("two"), At);

        Assert.Equal("second", Conversation.TakeLastExchange());
        Assert.Equal(["first", "one"], _state.Transcript.Select(message => message.Text));
        Assert.Equal("first", Conversation.TakeLastExchange());
        Assert.Null(Conversation.TakeLastExchange());
    }

    [Fact]
    public void Whole_turns_move_to_numbered_archive_pages_and_a_new_conversation_remembers_the_archived_one()
    {
        Conversation.StartIfNew(At);
        var firstId = _state.SessionId;
        Conversation.StartIfNew(At);
        Assert.Equal(firstId, _state.SessionId);
        for (var turn = 1; turn <= 12; turn++)
        {
            Conversation.Record($"message {turn}", Completed($"answer {turn}"), At);
        }

        var options = new TranscriptOptions { RecentMessages = 10, PageSize = 4 };
        var page = Conversation.PageDue(options);
        Assert.NotNull(page);
        Assert.Equal(0, page.Value.Number);
        Assert.Equal(TranscriptRole.User, _state.Transcript[page.Value.Messages.Length].Role);
        Conversation.Archived(page.Value.Messages.Length);
        Assert.Null(Conversation.PageDue(options));
        Assert.Equal((1, 14), (_state.ArchivedPages, _state.ArchivedMessages));

        var rest = Conversation.PageToArchive(_state.Transcript.Count);
        Conversation.Archived(rest!.Value.Messages.Length);
        Conversation.StartNew(At.AddHours(1));

        var earlier = Assert.Single(_state.EarlierConversations);
        Assert.Equal((firstId, 2, 24), (earlier.SessionId, earlier.Pages, earlier.Messages));
        Assert.NotEqual(firstId, _state.SessionId);
        Assert.Equal((0, 0, 0), (_state.Transcript.Count, _state.TurnCount, _state.ArchivedPages));
        Assert.Null(Conversation.PageToArchive(0));
    }

    [Theory]
    [InlineData("gpt-4.1", true, "gpt-4.1")]
    [InlineData("default", true, null)]
    [InlineData("two words", false, "before")]
    public void Choosing_a_model_sets_the_override_unless_it_cannot_be_a_model_id(string requested, bool accepted, string? expected)
    {
        _state.ModelOverride = "before";

        Assert.Equal(accepted, Conversation.ChooseModel(requested));
        Assert.Equal(expected, _state.ModelOverride);
    }

    private static AgentTurn Completed(string reply, TokenUsage? usage = null) =>
        AgentTurn.Completed(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)), new ModelTurnLog(), 0, usage ?? TokenUsage.None);
}
