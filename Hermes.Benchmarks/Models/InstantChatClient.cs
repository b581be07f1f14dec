using Microsoft.Extensions.AI;

namespace Hermes.Benchmarks.Models;

/// <summary>
/// A model that answers every request at once, in this process, with the same short reply and its token usage: what is
/// left of a turn once the model costs nothing, so that what Hermes and Orleans add is all there is to measure.
/// </summary>
internal sealed class InstantChatClient(string modelId) : IChatClient
{
    private const string Reply = "Done.";

    private static readonly UsageDetails Usage = new() { InputTokenCount = 12, OutputTokenCount = 2, TotalTokenCount = 14 };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Reply)) { ModelId = modelId, FinishReason = ChatFinishReason.Stop, Usage = Usage });

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ChatResponseUpdate answer = new(ChatRole.Assistant, [new TextContent(Reply), new UsageContent(Usage)])
        {
            ModelId = modelId,
            FinishReason = ChatFinishReason.Stop,
        };
        return new[] { answer }.ToAsyncEnumerable();
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
