namespace Hermes.Client.Api.Contracts;

public sealed record ChatCompletionChoice(int Index, ChatCompletionMessage Message, string FinishReason);
