namespace Hermes.Contracts.Approvals;

/// <summary>
/// A tool call that waits for a person's decision: the turn that made it stopped before the call and resumes once every
/// call it waits for is decided (<c>/approve</c>, <c>/deny</c>, or expiry, which counts as denied).
/// </summary>
/// <param name="Id">The short id the user answers with (<c>/approve 3</c>); unique within the session.</param>
/// <param name="RequestId">
/// Microsoft.Extensions.AI's approval request id (<c>ficc_</c> + <paramref name="CallId"/>): the id an API surface
/// hands out as its approval request's id and expects back in the approval response.
/// </param>
/// <param name="CallId">The model's tool call id; the resumed turn gives the model its result under this id.</param>
/// <param name="ToolName">The tool as the model named it, e.g. <c>mcp__memory__create_entities</c>.</param>
/// <param name="ArgumentsJson">The arguments exactly as the model gave them, as compact JSON.</param>
/// <param name="MayDecide">The user who may decide (who sent the message), besides an operator; null when the front-end named nobody.</param>
/// <param name="ExpiresAt">When an undecided approval counts as denied.</param>
[GenerateSerializer, Immutable, Alias("hermes.PendingApproval")]
public sealed record PendingApproval(
    [property: Id(0)] string Id,
    [property: Id(1)] string RequestId,
    [property: Id(2)] string CallId,
    [property: Id(3)] string ToolName,
    [property: Id(4)] string ArgumentsJson,
    [property: Id(5)] string? MayDecide,
    [property: Id(6)] DateTimeOffset ExpiresAt);
