namespace Hermes.Client.Api.Contracts;

public sealed record CompletionUsage(long PromptTokens, long CompletionTokens, long TotalTokens);
