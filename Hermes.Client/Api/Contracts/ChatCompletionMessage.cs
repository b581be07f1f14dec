namespace Hermes.Client.Api.Contracts;

public sealed record ChatCompletionMessage(string Role, string Content);
