namespace Hermes.Client.Api.Contracts;

/// <summary>Chat completions' <c>response_format</c>: <c>text</c>, <c>json_object</c>, or <c>json_schema</c> with its schema.</summary>
public sealed record ResponseFormatRequest(string? Type, JsonSchemaFormat? JsonSchema = null);
