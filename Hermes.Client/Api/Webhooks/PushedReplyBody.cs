using System.Text.Json.Serialization;
using Hermes.Contracts.Pushes;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Api.Webhooks;

/// <summary>A pushed reply as the API shows it: in a webhook's body and in <c>GET /v1/hermes/replies</c>.</summary>
/// <param name="Id">The turn's id; a receiver that sees an id twice (at-least-once delivery) ignores the second.</param>
/// <param name="Conversation">The conversation (<c>X-Hermes-Conversation</c>) the reply belongs to.</param>
/// <param name="Text">The reply.</param>
/// <param name="CreatedAt">When the turn finished, in Unix seconds.</param>
public sealed record PushedReplyBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("conversation")] string Conversation,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("created_at")] long CreatedAt)
{
    public static PushedReplyBody From(PushedReply reply)
    {
        var chat = SessionKey.Parse(reply.SessionKey).ChatId;
        return new(reply.Id, chat[(chat.IndexOf('/', StringComparison.Ordinal) + 1)..], reply.Text, reply.CreatedAt.ToUnixTimeSeconds());
    }
}
