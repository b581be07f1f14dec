using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Microsoft.Extensions.AI;

namespace Hermes.Tests.Sessions;

public sealed class TranscriptMapperTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void A_tool_call_left_without_a_result_is_not_kept()
    {
        List<ChatMessage> turn =
        [
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "mcp__s__echo", new Dictionary<string, object?> { ["message"] = "x" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "Echo: x")]),
            new(ChatRole.Assistant, [new TextContent("partial answer"), new FunctionCallContent("c2", "mcp__s__echo")]),
        ];

        var transcript = TranscriptMapper.FromTurn(turn, 1, At);

        Assert.Equal(3, transcript.Length);
        Assert.Equal("c1", transcript[0].ToolCalls.Single().CallId);
        Assert.Equal(("c1", "Echo: x"), (transcript[1].ToolCallId, transcript[1].Text));
        Assert.Equal("partial answer", transcript[2].Text);
        Assert.Empty(transcript[2].ToolCalls);
    }

    [Fact]
    public void The_model_context_leaves_out_notices_and_failed_turns_and_restores_tool_calls()
    {
        List<TranscriptMessage> transcript =
        [
            new(TranscriptRole.User, "failed question", 1, At, [], null, InModelContext: false),
            new(TranscriptRole.Notice, "The model could not answer", 1, At, [], null, InModelContext: false),
            new(TranscriptRole.User, "question", 2, At, [], null, InModelContext: true),
            new(TranscriptRole.Assistant, "", 2, At, [new ToolCallRecord("c1", "mcp__s__echo", """{"message":"x"}""")], null, InModelContext: true),
            new(TranscriptRole.Tool, "Echo: x", 2, At, [], "c1", InModelContext: true),
            new(TranscriptRole.Assistant, "answer", 2, At, [], null, InModelContext: true),
        ];

        var context = TranscriptMapper.ToModelContext(transcript).ToArray();

        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], context.Select(message => message.Role));
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(context[1].Contents));
        Assert.Equal(("c1", "mcp__s__echo", "x"), (call.CallId, call.Name, call.Arguments?["message"]?.ToString()));
        Assert.Equal("c1", Assert.IsType<FunctionResultContent>(Assert.Single(context[2].Contents)).CallId);
    }
}
