namespace Hermes.Client.Api.Contracts;

public sealed record ChatCompletionChunkChoice(int Index, ChatCompletionDelta Delta, string? FinishReason);
