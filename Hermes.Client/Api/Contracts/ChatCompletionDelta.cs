namespace Hermes.Client.Api.Contracts;

public sealed record ChatCompletionDelta(string? Role = null, string? Content = null);
