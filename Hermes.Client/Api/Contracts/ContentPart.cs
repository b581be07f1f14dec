namespace Hermes.Client.Api.Contracts;

/// <summary>One part of a message's content array: <c>{"type":"text","text":"…"}</c>, or another type (an image …) whose text is null.</summary>
public sealed record ContentPart(string Type, string? Text);
