using System.ClientModel;
using System.ClientModel.Primitives;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Models;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Hermes.Tests.Models;

/// <summary>The stream guard with stub models: streamed answers that are in truth errors fail the call before any output.</summary>
public sealed class StreamGuardChatClientTests
{
    [Fact]
    public async Task An_error_event_in_a_200_stream_fails_the_call_before_any_output()
    {
        var model = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, _) => TestChatClient.Stream(
                new ChatResponseUpdate { RawRepresentation = new RawEvent("""{"error":{"message":"bad is not a valid model ID","code":400}}""") }),
        };
        var (delivered, failure) = await FailThroughGuardAsync(model);

        Assert.Empty(delivered);
        Assert.Equal((400, "bad is not a valid model ID"), (failure.HttpStatus, failure.Message));
        Assert.Equal(ErrorKind.ModelUnavailable, ModelErrorClassifier.Classify(failure, "bad", Redactors.None).Kind);
    }

    [Fact]
    public async Task A_stream_that_ends_with_nothing_fails_like_a_bad_gateway()
    {
        var model = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, _) => TestChatClient.Stream(new ChatResponseUpdate { Role = ChatRole.Assistant }),
        };
        var (delivered, failure) = await FailThroughGuardAsync(model);

        Assert.Empty(delivered);
        Assert.Equal(502, failure.HttpStatus);
        Assert.Equal(ErrorKind.Transient, ModelErrorClassifier.Classify(failure, "silent", Redactors.None).Kind);
    }

    [Fact]
    public async Task A_content_filter_finish_before_any_output_is_a_content_policy_refusal()
    {
        var model = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, _) => TestChatClient.Stream(new ChatResponseUpdate { Role = ChatRole.Assistant, FinishReason = ChatFinishReason.ContentFilter }),
        };
        var (delivered, failure) = await FailThroughGuardAsync(model);

        Assert.Empty(delivered);
        Assert.Equal(ErrorKind.ContentPolicy, ModelErrorClassifier.Classify(failure, "careful", Redactors.None).Kind);
    }

    [Fact]
    public async Task Updates_held_back_until_the_first_with_content_then_flow_in_their_order()
    {
        ChatResponseUpdate[] answer =
        [
            new() { Role = ChatRole.Assistant },
            new(ChatRole.Assistant, "Hello"),
            new(ChatRole.Assistant, " there"),
            new() { FinishReason = ChatFinishReason.Stop },
        ];
        var model = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => TestChatClient.Stream(answer) };
        using var guarded = model.AsBuilder().UseStreamGuard().Build();

        var delivered = await guarded.GetStreamingResponseAsync("hello").ToListAsync();

        Assert.Equal(answer, delivered);
    }

    [Fact]
    public async Task An_error_event_moves_the_model_chain_to_the_fallback_exactly_like_a_400()
    {
        var bad = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, _) => TestChatClient.Stream(
                new ChatResponseUpdate { RawRepresentation = new RawEvent("""{"error":{"message":"bad is not a valid model ID","type":"invalid_request_error"}}""") }),
        };
        var good = TestChatClient.Answering("from the fallback");
        using var chain = new ModelChainClient([new ModelRoute("bad", ModelPipeline.ForModel(bad)), new ModelRoute("good", ModelPipeline.ForModel(good))], Redactors.None);
        var turn = new ModelTurnLog();

        var response = await chain.GetStreamingResponseAsync("hello", turn.AttachTo(new ChatOptions())).ToChatResponseAsync();

        Assert.Equal(("from the fallback", "good", true), (response.Text, turn.ModelUsed, turn.FallbackUsed));
        var error = Assert.Single(turn.Errors);
        Assert.Equal((ErrorKind.ModelUnavailable, 400, "bad"), (error.Kind, error.HttpStatus, error.Model));
    }

    /// <summary>A provider's raw streamed event, as the OpenAI SDK keeps it: it writes back what the server sent.</summary>
    private sealed class RawEvent(string json) : IPersistableModel<object>
    {
        public BinaryData Write(ModelReaderWriterOptions options) => BinaryData.FromString(json);

        public object Create(BinaryData data, ModelReaderWriterOptions options) => new RawEvent(data.ToString());

        public string GetFormatFromOptions(ModelReaderWriterOptions options) => "J";
    }

    // Streams through the guard, keeping what reached the caller before the failure.
    private static async Task<(List<ChatResponseUpdate> Delivered, ModelStreamException Failure)> FailThroughGuardAsync(TestChatClient model)
    {
        using var guarded = model.AsBuilder().UseStreamGuard().Build();
        var delivered = new List<ChatResponseUpdate>();
        var failure = await Assert.ThrowsAsync<ModelStreamException>(async () =>
        {
            await foreach (var update in guarded.GetStreamingResponseAsync("hello"))
            {
                delivered.Add(update);
            }
        });
        return (delivered, failure);
    }
}
