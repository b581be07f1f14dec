using Hermes.Grains.Compaction;
using Microsoft.Extensions.AI;

namespace Hermes.Tests.LongLived;

public sealed class ContextFitterTests
{
    private readonly TokenEstimator _tokens = new();

    [Fact]
    public void Messages_that_fit_are_sent_as_they_are()
    {
        List<ChatMessage> messages = [new(ChatRole.System, "be brief"), new(ChatRole.User, "hello")];

        Assert.Same(messages, ContextFitter.Fit(messages, 1_000, _tokens));
    }

    [Fact]
    public void The_oldest_messages_go_first_a_tool_call_never_leaves_without_its_result_and_the_system_message_stays()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "be brief"),
            new(ChatRole.User, new string('a', 400)),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["q"] = "x" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", new string('r', 400))]),
            new(ChatRole.Assistant, "found it"),
            new(ChatRole.User, "and now?"),
        ];

        var fitted = ContextFitter.Fit(messages, 60, _tokens);

        Assert.Equal([ChatRole.System, ChatRole.System, ChatRole.Assistant, ChatRole.User], fitted.Select(message => message.Role));
        Assert.Equal(["be brief", ContextFitter.LeftOutNote, "found it", "and now?"], fitted.Select(message => message.Text));
        Assert.True(_tokens.Estimate(fitted) <= 60);
    }

    [Fact]
    public void The_newest_group_stays_even_when_it_alone_is_too_large()
    {
        List<ChatMessage> messages = [new(ChatRole.User, "old"), new(ChatRole.User, new string('a', 4_000))];

        var fitted = ContextFitter.Fit(messages, 100, _tokens);

        Assert.Equal([ContextFitter.LeftOutNote, new string('a', 4_000)], fitted.Select(message => message.Text));
    }

    [Fact]
    public void A_provider_that_counts_more_tokens_than_estimated_scales_later_estimates_up()
    {
        List<ChatMessage> sent = [new(ChatRole.User, new string('a', 384))];
        var before = _tokens.Estimate(sent);

        _tokens.Observe(sent, reportedInputTokens: 200);
        _tokens.Observe(sent, reportedInputTokens: 10);

        Assert.Equal(100, before);
        Assert.Equal(1.0, _tokens.Scale);
        _tokens.Observe(sent, reportedInputTokens: 200);
        Assert.Equal(200, _tokens.Estimate(sent));
    }
}
