namespace Hermes.Contracts.Responses;

/// <summary>One input message of a stored response, as <c>GET /v1/responses/{id}/input_items</c> gives it back.</summary>
[GenerateSerializer, Immutable, Alias("hermes.StoredInputMessage")]
public sealed record StoredInputMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] string Role,
    [property: Id(2)] string Text);
