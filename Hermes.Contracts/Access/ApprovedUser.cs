namespace Hermes.Contracts.Access;

/// <summary>A user an operator let in by approving their pairing code.</summary>
[GenerateSerializer, Immutable, Alias("hermes.ApprovedUser")]
public sealed record ApprovedUser(
    [property: Id(0)] string UserId,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] DateTimeOffset ApprovedAt,
    [property: Id(3)] string ApprovedBy);
