using System.Runtime.CompilerServices;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>
/// Counts the tokens one model of a chain reports into the turn's <see cref="ModelTurnLog"/>, under <c>provider:model</c>,
/// so that a turn that moved between models knows what each cost. The model's client is the silo's: never disposed here.
/// </summary>
internal sealed class ModelUsageRecorder(ModelRoute route) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await route.Client.GetResponseAsync(messages, options, cancellationToken);
        if (response.Usage is { } usage)
        {
            Record(options, usage);
        }

        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in route.Client.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                Record(options, usage.Details);
            }

            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => route.Client.GetService(serviceType, serviceKey);

    public void Dispose()
    {
    }

    private void Record(ChatOptions? options, UsageDetails usage) =>
        ModelTurnLog.Of(options).Used(route.Name, new TokenUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0));
}
