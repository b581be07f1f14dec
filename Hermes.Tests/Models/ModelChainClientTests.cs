using Hermes.Contracts.Sessions;
using Hermes.Grains.Models;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Hermes.Tests.Models;

/// <summary>The model chain with stub models: which model each call of a turn goes to, and which errors move it on.</summary>
public sealed class ModelChainClientTests
{
    [Fact]
    public async Task A_turn_that_moved_to_a_fallback_stays_there_for_its_later_calls()
    {
        var primary = TestChatClient.Failing(new ModelStreamException(400, null, "primary is not a valid model ID"));
        var fallback = TestChatClient.Answering("from the fallback");
        using var chain = Chain(("primary", primary), ("fallback", fallback));
        var turn = new ModelTurnLog();

        var first = await CallAsync(chain, turn);
        var second = await CallAsync(chain, turn);

        Assert.Equal(("from the fallback", "from the fallback"), (first, second));
        Assert.Equal((1, 2), (primary.Calls, fallback.Calls));
        Assert.Equal(("fallback", true, 3), (turn.ModelUsed, turn.FallbackUsed, turn.ApiCalls));
        Assert.Equal(ErrorKind.ModelUnavailable, Assert.Single(turn.Errors).Kind);
    }

    [Fact]
    public async Task The_next_turn_tries_the_primary_again()
    {
        var primaryDown = true;
        var primary = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, _) => primaryDown
                ? TestChatClient.Stream(new ModelStreamException(503, null, "overloaded"))
                : TestChatClient.Stream(new ChatResponseUpdate(ChatRole.Assistant, "from the primary") { FinishReason = ChatFinishReason.Stop }),
        };
        using var chain = Chain(("primary", primary), ("fallback", TestChatClient.Answering("from the fallback")));
        var fellBack = new ModelTurnLog();
        await CallAsync(chain, fellBack);
        primaryDown = false;

        var next = new ModelTurnLog();
        var answer = await CallAsync(chain, next);

        Assert.True(fellBack.FallbackUsed);
        Assert.Equal(("from the primary", "primary", false), (answer, next.ModelUsed, next.FallbackUsed));
        Assert.Equal(2, primary.Calls);
    }

    // Each of these another model might not have: the next model is tried at once (a 5xx reaches the chain only after
    // the HTTP layer's retries).
    [Theory]
    [InlineData(400, "primary is not a valid model ID", ErrorKind.ModelUnavailable)]
    [InlineData(401, "Incorrect API key provided", ErrorKind.Unauthorized)]
    [InlineData(500, "Internal error", ErrorKind.Transient)]
    [InlineData(503, "Overloaded", ErrorKind.Capacity)]
    [InlineData(422, "Unprocessable", ErrorKind.Rejected)]
    public async Task Errors_another_model_might_not_have_move_the_turn_to_the_fallback(int status, string message, ErrorKind kind)
    {
        var primary = TestChatClient.Failing(new ModelStreamException(status, null, message));
        var fallback = TestChatClient.Answering("from the fallback");
        using var chain = Chain(("primary", primary), ("fallback", fallback));
        var turn = new ModelTurnLog();

        var answer = await CallAsync(chain, turn);

        Assert.Equal("from the fallback", answer);
        Assert.Equal((1, 1), (primary.Calls, fallback.Calls));
        var error = Assert.Single(turn.Errors);
        Assert.Equal((kind, status, "primary"), (error.Kind, error.HttpStatus, error.Model));
    }

    [Theory]
    [InlineData(413, null, "Payload too large")]
    [InlineData(400, "context_length_exceeded", "This model's maximum context length is 8192 tokens")]
    public async Task A_request_too_large_fails_the_turn_without_trying_the_fallbacks(int status, string? code, string message)
    {
        var fallback = TestChatClient.Answering("never");
        using var chain = Chain(("small-context", TestChatClient.Failing(new ModelStreamException(status, code, message))), ("fallback", fallback));
        var turn = new ModelTurnLog();

        var failure = await Assert.ThrowsAsync<ModelChainException>(() => CallAsync(chain, turn));

        Assert.Equal(ErrorKind.RequestTooLarge, Assert.Single(failure.Errors).Kind);
        Assert.Equal(0, fallback.Calls);
        Assert.Null(turn.ModelUsed);
    }

    [Fact]
    public async Task When_every_model_fails_the_turn_fails_with_each_error_in_the_order_tried()
    {
        using var chain = Chain(
            ("bad-primary", TestChatClient.Failing(new ModelStreamException(400, null, "bad-primary is not a valid model ID"))),
            ("bad-fallback", TestChatClient.Failing(new HttpRequestException("connection refused"))));

        var failure = await Assert.ThrowsAsync<ModelChainException>(() => CallAsync(chain, new ModelTurnLog()));

        Assert.Equal(
            [(ErrorKind.ModelUnavailable, "bad-primary"), (ErrorKind.Transient, "bad-fallback")],
            failure.Errors.Select(error => (error.Kind, error.Model)));
    }

    [Fact]
    public async Task A_model_that_fails_after_its_answer_began_ends_the_turn_without_switching_models()
    {
        var primary = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, _) => TestChatClient.Stream(
                [new ChatResponseUpdate(ChatRole.Assistant, "half an answer")], new ModelStreamException(502, null, "connection reset")),
        };
        var fallback = TestChatClient.Answering("never");
        using var chain = Chain(("primary", primary), ("fallback", fallback));

        var failure = await Assert.ThrowsAsync<ModelChainException>(() => CallAsync(chain, new ModelTurnLog()));

        Assert.Equal(ErrorKind.Transient, Assert.Single(failure.Errors).Kind);
        Assert.Equal(0, fallback.Calls);
    }

    [Fact]
    public async Task A_stopped_call_is_neither_an_error_nor_a_reason_to_move_on()
    {
        using var stop = new CancellationTokenSource();
        var primary = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, token) =>
            {
                stop.Cancel();
                return TestChatClient.Stream([new ChatResponseUpdate(ChatRole.Assistant, "never seen")], cancellationToken: token);
            },
        };
        var fallback = TestChatClient.Answering("never");
        using var chain = Chain(("primary", primary), ("fallback", fallback));
        var turn = new ModelTurnLog();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CallAsync(chain, turn, stop.Token));

        Assert.Equal((1, 0), (turn.ApiCalls, fallback.Calls));
        Assert.Empty(turn.Errors);
    }

    [Fact]
    public async Task A_call_that_carries_no_turn_is_refused()
    {
        using var chain = Chain(("primary", TestChatClient.Answering("never")));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await chain.GetStreamingResponseAsync("hi").ToListAsync());
    }

    private static ModelChainClient Chain(params (string Model, IChatClient Client)[] models) =>
        new([.. models.Select(model => new ModelRoute(model.Model, model.Client))], Redactors.None);

    private static async Task<string> CallAsync(IChatClient chain, ModelTurnLog turn, CancellationToken cancellationToken = default)
    {
        var response = await chain.GetStreamingResponseAsync("hello", turn.AttachTo(new ChatOptions()), cancellationToken).ToChatResponseAsync(cancellationToken);
        return response.Text;
    }
}
