using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;

namespace Hermes.Tests.Sessions;

public sealed class ClientHistoryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_client_that_saw_every_answer_agrees_with_the_session_whatever_the_tool_calls_between()
    {
        var state = new SessionState { Transcript = [User("hi", 1), Assistant("let me look", 1, withCall: true), Tool(1), Assistant("found it ", 1), User("thanks", 2), Assistant("welcome", 2)] };

        Assert.True(ClientHistory.Agrees(state, [User("hi", 1), Assistant("found it", 1), User("thanks", 2), Assistant("welcome", 2)]));
        Assert.False(ClientHistory.Agrees(state, [User("hi", 1), Assistant("found it", 1), User("thanks!", 2), Assistant("welcome", 2)]));
        Assert.False(ClientHistory.Agrees(state, [User("hi", 1), Assistant("found it", 1)]));
    }

    [Fact]
    public void With_older_turns_archived_the_client_history_need_only_end_with_the_recent_part()
    {
        var state = new SessionState { Transcript = [User("third", 3), Assistant("3", 3)], ArchivedPages = 1 };

        Assert.True(ClientHistory.Agrees(state, [User("first", 1), Assistant("1", 1), User("second", 2), Assistant("2", 2), User("third", 3), Assistant("3", 3)]));
        Assert.False(ClientHistory.Agrees(state, [User("first", 1), Assistant("1", 1)]));
    }

    [Fact]
    public void A_failed_turn_the_client_never_saw_answered_does_not_count_as_a_difference()
    {
        var failed = new TranscriptMessage(TranscriptRole.User, "lost", 2, At, [], null, InModelContext: false);
        var notice = new TranscriptMessage(TranscriptRole.Notice, "The model could not answer", 2, At, [], null, InModelContext: false);
        var state = new SessionState { Transcript = [User("hi", 1), Assistant("hello", 1), failed, notice] };

        Assert.True(ClientHistory.Agrees(state, [User("hi", 1), Assistant("hello", 1)]));
    }

    [Fact]
    public void Seeding_numbers_the_clients_turns_and_keeps_what_the_model_sees()
    {
        var state = new SessionState();

        ClientHistory.Seed(state, [User("a", 7), Assistant("b", 7), User("c", 9), Assistant("d", 9)], At);

        Assert.Equal([1, 1, 2, 2], state.Transcript.Select(message => message.Turn));
        Assert.Equal((2, (DateTimeOffset?)At), (state.TurnCount, state.LastActivityAt));
    }

    private static TranscriptMessage User(string text, int turn) => new(TranscriptRole.User, text, turn, At, [], null, InModelContext: true);

    private static TranscriptMessage Assistant(string text, int turn, bool withCall = false) =>
        new(TranscriptRole.Assistant, text, turn, At, withCall ? [new ToolCallRecord("c1", "mcp__s__t", "{}")] : ImmutableArray<ToolCallRecord>.Empty, null, InModelContext: true);

    private static TranscriptMessage Tool(int turn) => new(TranscriptRole.Tool, "result", turn, At, [], "c1", InModelContext: true);
}
