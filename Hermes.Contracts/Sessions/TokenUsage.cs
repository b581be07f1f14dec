namespace Hermes.Contracts.Sessions;

[GenerateSerializer, Immutable, Alias("hermes.TokenUsage")]
public sealed record TokenUsage(
    [property: Id(0)] long InputTokens,
    [property: Id(1)] long OutputTokens)
{
    public static TokenUsage None { get; } = new(0, 0);

    public long TotalTokens => InputTokens + OutputTokens;

    public TokenUsage Add(TokenUsage other) => new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens);
}
