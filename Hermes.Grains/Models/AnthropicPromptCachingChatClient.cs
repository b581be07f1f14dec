using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

/// <summary>
/// Anthropic prompt caching, through the SDK's cache-control marks: a breakpoint after the system prompt and one after
/// the last message, so that each call of a tool loop (and the next turn) reads the conversation so far from the cache.
/// </summary>
/// <remarks>
/// The marks go on copies of the two messages: the tool loop sends the same message list again with more appended, and a
/// mark left on an earlier last message would pile up breakpoints beyond the API's limit of four.
/// </remarks>
public sealed class AnthropicPromptCachingChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(WithBreakpoints(messages), options, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(WithBreakpoints(messages), options, cancellationToken);

    private static List<ChatMessage> WithBreakpoints(IEnumerable<ChatMessage> messages)
    {
        var marked = messages.ToList();
        var system = marked.FindIndex(message => message.Role == ChatRole.System);
        if (system >= 0)
        {
            marked[system] = Marked(marked[system]);
        }

        if (marked.Count - 1 is var last and >= 0 && last != system)
        {
            marked[last] = Marked(marked[last]);
        }

        return marked;
    }

    private static ChatMessage Marked(ChatMessage message)
    {
        AIContent? copy = message.Contents.LastOrDefault() switch
        {
            TextContent text => new TextContent(text.Text).WithCacheControl(Ttl.Ttl5m),
            FunctionResultContent result => new FunctionResultContent(result.CallId, result.Result) { Exception = result.Exception }.WithCacheControl(Ttl.Ttl5m),
            _ => null,
        };
        if (copy is null)
        {
            return message;
        }

        return new ChatMessage(message.Role, [.. message.Contents.SkipLast(1), copy])
        {
            AuthorName = message.AuthorName,
            MessageId = message.MessageId,
            AdditionalProperties = message.AdditionalProperties,
        };
    }
}
