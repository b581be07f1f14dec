namespace Hermes.Client.Api.Contracts;

/// <summary>The Responses API's <c>text</c>: the answer's <c>format</c> (<c>text</c>, <c>json_object</c> or <c>json_schema</c>).</summary>
public sealed record ResponseTextOptions(JsonSchemaFormat? Format = null);
