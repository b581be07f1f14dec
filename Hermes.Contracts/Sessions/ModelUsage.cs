namespace Hermes.Contracts.Sessions;

/// <summary>Tokens used by one model.</summary>
/// <param name="Model">The model as <c>provider:model</c>.</param>
/// <param name="Usage">Its tokens.</param>
[GenerateSerializer, Immutable, Alias("hermes.ModelUsage")]
public sealed record ModelUsage(
    [property: Id(0)] string Model,
    [property: Id(1)] TokenUsage Usage);
