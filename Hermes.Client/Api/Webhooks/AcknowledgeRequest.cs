using System.Text.Json.Serialization;

namespace Hermes.Client.Api.Webhooks;

/// <summary>The body of <c>POST /v1/hermes/replies/ack</c>: the ids of replies the caller has read.</summary>
public sealed record AcknowledgeRequest([property: JsonPropertyName("ids")] string[]? Ids);
