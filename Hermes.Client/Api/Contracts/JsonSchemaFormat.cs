using System.Text.Json;

namespace Hermes.Client.Api.Contracts;

/// <summary>A JSON schema the answer must match: chat completions' <c>response_format.json_schema</c>, or the Responses API's <c>text.format</c> (whose <c>type</c> sits beside).</summary>
public sealed record JsonSchemaFormat(string? Name = null, JsonElement? Schema = null, bool? Strict = null, string? Description = null, string? Type = null);
