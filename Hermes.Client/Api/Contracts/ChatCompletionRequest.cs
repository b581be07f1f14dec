namespace Hermes.Client.Api.Contracts;

/// <summary>The part of an OpenAI chat-completions request that Hermes reads.</summary>
/// <param name="Model">Must be the API's model name.</param>
/// <param name="Messages">The conversation as the client sees it; Hermes sends the last user message on to the session, which keeps the history itself.</param>
/// <param name="Stream">Answer as server-sent events.</param>
/// <param name="User">Picks the conversation when no conversation header is sent.</param>
/// <param name="StreamOptions">With <c>include_usage</c>, a streamed answer ends with a usage chunk.</param>
public sealed record ChatCompletionRequest(
    string? Model,
    List<ChatCompletionRequestMessage>? Messages,
    bool Stream = false,
    string? User = null,
    StreamOptions? StreamOptions = null);
