using Hermes.Grains.Compaction;
using Hermes.Grains.Models;
using Hermes.Tests.Infrastructure;
using Hermes.Tests.Models;
using Microsoft.Extensions.AI;

namespace Hermes.Tests.LongLived;

/// <summary>The per-model window guard, over a stub model that refuses contexts it finds too long.</summary>
public sealed class ContextWindowChatClientTests
{
    [Fact]
    public async Task A_model_that_refuses_the_context_as_too_long_is_asked_again_with_less_and_answers()
    {
        List<int> sent = [];
        var model = new TestChatClient
        {
            // The model counts more tokens than the estimate: it refuses anything above 5 messages.
            GetStreamingResponseAsyncCallback = (messages, _, _) =>
            {
                var count = messages.Count();
                sent.Add(count);
                return count > 5
                    ? TestChatClient.Stream(new ModelStreamException(400, "context_length_exceeded", "This model's maximum context length is 100 tokens."))
                    : TestChatClient.Stream(new ChatResponseUpdate(ChatRole.Assistant, "fits") { FinishReason = ChatFinishReason.Stop });
            },
        };
        using var client = new ContextWindowChatClient(model, contextLength: 1_000, fitShare: 0.9, new TokenEstimator(), Redactors.None);
        List<ChatMessage> history = [.. Enumerable.Range(1, 12).Select(turn => new ChatMessage(turn % 2 == 1 ? ChatRole.User : ChatRole.Assistant, new string('x', 200)))];

        var response = await client.GetResponseAsync(history);

        Assert.Equal("fits", response.Text);
        Assert.Equal([12, 8, 4], sent);
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        var model = TestChatClient.Failing(new ModelStreamException(429, "rate_limit_exceeded", "slow down"));
        using var client = new ContextWindowChatClient(model, contextLength: 1_000, fitShare: 0.9, new TokenEstimator(), Redactors.None);

        await Assert.ThrowsAsync<ModelStreamException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));
        Assert.Equal(1, model.Calls);
    }
}
