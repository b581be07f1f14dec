using System.CommandLine;
using Hermes.Contracts.Access;

namespace Hermes.Client.Operator;

/// <summary><c>hermes pairing approve|list|revoke</c>: the operator's side of DM pairing.</summary>
public static class PairingCommand
{
    public static Command Create()
    {
        var pairing = new Command("pairing", "Let users in by approving the one-time codes they were given in a direct chat, list them, or revoke them.");
        pairing.Subcommands.Add(Approve());
        pairing.Subcommands.Add(List());
        pairing.Subcommands.Add(Revoke());
        return pairing;
    }

    private static Command Approve()
    {
        var platform = PlatformArgument();
        var code = new Argument<string>("code") { Description = "The code the user was given, e.g. K7QM2X (valid one hour)." };
        var command = new Command("approve", "Approve the user who holds a pairing code; they may talk to the agent from then on.") { platform, code };
        command.SetAction((parse, cancellationToken) => OperatorConsole.RunAsync(async (client, output) =>
        {
            var approved = await client.GetGrain<IPairingGrain>(parse.GetValue(platform)!).ApproveAsync(parse.GetValue(code)!, Environment.UserName);
            if (approved is null)
            {
                await output.WriteLineAsync("No pending pairing has that code (codes expire after an hour; ask the user to write again for a new one).");
                return 1;
            }

            await output.WriteLineAsync($"Approved {approved.DisplayName ?? approved.UserId} (user {approved.UserId}).");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var platform = PlatformArgument();
        var command = new Command("list", "List approved users and the codes waiting for approval.") { platform };
        command.SetAction((parse, cancellationToken) => OperatorConsole.RunAsync(async (client, output) =>
        {
            var overview = await client.GetGrain<IPairingGrain>(parse.GetValue(platform)!).ListAsync();
            await output.WriteLineAsync($"Approved ({overview.Approved.Length}):");
            foreach (var user in overview.Approved)
            {
                await output.WriteLineAsync($"  {user.UserId,-16} {user.DisplayName,-20} approved {user.ApprovedAt:yyyy-MM-dd HH:mm} by {user.ApprovedBy}");
            }

            await output.WriteLineAsync($"Waiting ({overview.Pending.Length}):");
            foreach (var pending in overview.Pending)
            {
                await output.WriteLineAsync($"  {pending.Code}  {pending.UserId,-16} {pending.DisplayName,-20} until {pending.ExpiresAt:HH:mm} UTC");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Revoke()
    {
        var platform = PlatformArgument();
        var user = new Argument<string>("user") { Description = "The user's id on the platform." };
        var command = new Command("revoke", "Withdraw a user's approval.") { platform, user };
        command.SetAction((parse, cancellationToken) => OperatorConsole.RunAsync(async (client, output) =>
        {
            var revoked = await client.GetGrain<IPairingGrain>(parse.GetValue(platform)!).RevokeAsync(parse.GetValue(user)!);
            await output.WriteLineAsync(revoked ? "Revoked." : "That user was not approved.");
            return revoked ? 0 : 1;
        }, cancellationToken));
        return command;
    }

    private static Argument<string> PlatformArgument() => new("platform")
    {
        Description = "The platform, e.g. telegram.",
    };
}
