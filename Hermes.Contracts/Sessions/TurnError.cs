namespace Hermes.Contracts.Sessions;

/// <summary>What went wrong in a failed turn: the class, a message fit for the user, and the endpoint's HTTP status.</summary>
/// <param name="Kind">The error class.</param>
/// <param name="Message">The endpoint's own message where it gave one.</param>
/// <param name="HttpStatus">The HTTP status of the failing response, or null when no response arrived.</param>
/// <param name="Model">The model that produced this error, when a model call failed.</param>
[GenerateSerializer, Immutable, Alias("hermes.TurnError")]
public sealed record TurnError(
    [property: Id(0)] ErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] int? HttpStatus = null,
    [property: Id(3)] string? Model = null);
