namespace Hermes.Client.Api.Contracts;

/// <summary>The answer to <c>GET /v1/models</c>.</summary>
public sealed record ModelList(string Object, IReadOnlyList<ModelEntry> Data);
