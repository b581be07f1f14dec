using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>
/// Turns a streamed answer that is in truth an error into a failed call. Some OpenAI-compatible servers answer a
/// streaming request for a bad model with HTTP 200 and a single <c>{"error":…}</c> event, which the OpenAI SDK reports
/// as an empty success; a stream can also end with no content, no tool call and no finish reason.
/// </summary>
/// <remarks>
/// Updates are held back until the first one with content, a tool call or a finish reason, so that such a failure is
/// raised before any output is committed and the model chain can still fall over to the next model.
/// </remarks>
public sealed class StreamGuardChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    // An empty stream is the endpoint's fault, not the request's: classified like a bad gateway (transient).
    private const int EmptyStreamStatus = 502;

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChatResponseUpdate>? heldBack = [];
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            if (update.Contents.Count == 0 && update.FinishReason is null && ErrorCarriedBy(update) is { } error)
            {
                throw error;
            }

            if (heldBack is null)
            {
                yield return update;
                continue;
            }

            // A refusal before any output is the provider's content policy speaking, not an empty answer.
            if (update.FinishReason == ChatFinishReason.ContentFilter)
            {
                throw new ModelStreamException(400, "content_filter", "The model refused to answer under its provider's content policy.");
            }

            heldBack.Add(update);
            if (IsSubstantive(update))
            {
                foreach (var held in heldBack)
                {
                    yield return held;
                }

                heldBack = null;
            }
        }

        if (heldBack is not null)
        {
            throw new ModelStreamException(EmptyStreamStatus, null, "The model's stream ended with no content, no tool call and no finish reason.");
        }
    }

    private static bool IsSubstantive(ChatResponseUpdate update) =>
        update.FinishReason is not null ||
        update.Contents.Any(content => content is FunctionCallContent || content is TextContent { Text.Length: > 0 });

    /// <summary>Reads an <c>error</c> object from the provider's raw update, which keeps properties it does not model.</summary>
    private static ModelStreamException? ErrorCarriedBy(ChatResponseUpdate update)
    {
        if (update.RawRepresentation is not IPersistableModel<object> raw)
        {
            return null;
        }

        using var document = JsonDocument.Parse(ModelReaderWriter.Write(raw, ModelReaderWriterOptions.Json));
        if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var (code, message) = ModelErrorClassifier.ReadErrorBody(document.RootElement.GetRawText());
        var status = int.TryParse(code, out var number) && number is >= 400 and < 600 ? number : 400;
        return new ModelStreamException(status, status == number ? null : code, message ?? "The model's stream carried an error.");
    }
}
