using System.Globalization;
using Hermes.Client.FrontDoor;
using Hermes.Contracts.Access;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.Options;

namespace Hermes.Client.Access;

/// <summary>
/// Decides whether a message may reach a session: the allow-all switches, the global and per-platform lists, then the
/// users approved through DM pairing. An unknown user in a DM is offered a pairing code; everyone else is refused.
/// </summary>
public sealed class AccessPolicy(IClusterClient cluster, IOptionsMonitor<AccessOptions> options)
{
    public const string RefusalText = "Sorry, you are not allowed to talk to this agent.";

    /// <returns>Null when the message may go on; otherwise the reply that stops it.</returns>
    public async Task<FrontDoorReply?> CheckAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var access = options.CurrentValue;
        var platform = access.Platforms.GetValueOrDefault(message.Platform);
        if (access.AllowAll || access.AllowedUsers.Contains(message.UserId) || platform?.AllowAll == true || platform?.AllowedUsers.Contains(message.UserId) == true)
        {
            return null;
        }

        var pairing = cluster.GetGrain<IPairingGrain>(message.Platform);
        if (await pairing.IsApprovedAsync(message.UserId).WaitAsync(cancellationToken))
        {
            return null;
        }

        if (!access.DmPairing || message.ChatType != ChatType.Dm)
        {
            return Refusal(access);
        }

        var request = await pairing.RequestCodeAsync(message.UserId, message.UserName).WaitAsync(cancellationToken);
        return request.Outcome switch
        {
            PairingOutcome.Issued or PairingOutcome.Pending => new FrontDoorReply(
                ReplyKind.PairingCode,
                $"You are not on this agent's list yet. Ask its operator to approve the code {request.Code} " +
                $"(valid until {request.ExpiresAt:HH:mm} UTC): hermes pairing approve {message.Platform} {request.Code}"),
            PairingOutcome.AlreadyApproved => null,
            _ => new FrontDoorReply(ReplyKind.Refused, "You are not on this agent's list yet, and too many pairing codes were asked for lately. Try again later."),
        };
    }

    private static FrontDoorReply Refusal(AccessOptions access) => access.Unauthorized == UnauthorizedAction.Ignore
        ? new FrontDoorReply(ReplyKind.Ignored, string.Empty)
        : new FrontDoorReply(ReplyKind.Refused, RefusalText);
}
