using Microsoft.Extensions.AI;

namespace Hermes.Grains.Models;

public static class StreamGuardChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="StreamGuardChatClient"/>: a streamed answer that is in truth an error fails the call.</summary>
    public static ChatClientBuilder UseStreamGuard(this ChatClientBuilder builder) =>
        builder.Use(inner => new StreamGuardChatClient(inner));
}
