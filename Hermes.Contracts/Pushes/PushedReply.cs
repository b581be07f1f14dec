namespace Hermes.Contracts.Pushes;

/// <summary>A reply nobody waited for, on its way to a front-end.</summary>
/// <param name="Id">The turn's id (the scheduled turn's message id): a reply is delivered once per id.</param>
/// <param name="SessionKey">The session it belongs to; the front-end finds the chat from it.</param>
/// <param name="Text">What to show.</param>
/// <param name="CreatedAt">When the turn finished.</param>
/// <param name="CallerLeft">The reply to a message someone typed, whose caller left before it came; false for a scheduled turn's.</param>
[GenerateSerializer, Immutable, Alias("hermes.PushedReply")]
public sealed record PushedReply(
    [property: Id(0)] string Id,
    [property: Id(1)] string SessionKey,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] bool CallerLeft = false);
