using Hermes.Contracts.Sessions;
using Hermes.Contracts.Turns;

namespace Hermes.Client.FrontDoor;

/// <summary>A message as a front-end received it from its platform.</summary>
/// <param name="Platform">The platform's name, e.g. <c>telegram</c>.</param>
/// <param name="ChatType">A direct chat, a group, or a thread.</param>
/// <param name="ChatId">The chat (or group) the message was posted in.</param>
/// <param name="UserId">Who wrote it.</param>
/// <param name="Text">What they wrote.</param>
public sealed record IncomingMessage(string Platform, ChatType ChatType, string ChatId, string UserId, string Text)
{
    /// <summary>The thread inside the chat, for <see cref="ChatType.Thread"/>.</summary>
    public string? ThreadId { get; init; }

    /// <summary>The platform's id of the message: a retry with the same id never runs twice. Generated when absent.</summary>
    public string? MessageId { get; init; }

    /// <summary>What the front-end asks of the turn besides its text (instructions, options, the client's history), if anything.</summary>
    public TurnDirectives? Directives { get; init; }

    /// <summary>A name for the user in pairing requests, when the platform gives one.</summary>
    public string? UserName { get; init; }
}
