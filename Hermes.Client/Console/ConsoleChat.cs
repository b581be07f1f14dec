using Hermes.Grains.Sessions;
using Orleans.Runtime;

namespace Hermes.Client.Console;

/// <summary>The console front-end: forwards lines to the session and prints replies.</summary>
public sealed class ConsoleChat(SessionKey key, TextReader input, TextWriter output)
{
    public const int Succeeded = 0;
    public const int TurnFailed = 1;
    public const int Unreachable = 3;

    public async Task<int> RunAsync(string? oneMessage, bool printStatus, CancellationToken cancellationToken)
    {
        using var host = await TryConnectAsync(cancellationToken);
        if (host is null)
        {
            return Unreachable;
        }

        var session = host.Client().GetSessionGrain(key);
        if (printStatus)
        {
            SnapshotPrinter.Print(await session.GetSnapshotAsync(), output);
            return Succeeded;
        }

        if (oneMessage is not null)
        {
            return await SendAsync(session, oneMessage, cancellationToken);
        }

        await output.WriteLineAsync($"Session {key}. Type a message; /help lists the commands, /quit leaves.");
        while (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteAsync("> ");
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() == "/quit")
            {
                break;
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                await SendAsync(session, line, cancellationToken);
            }
        }

        return Succeeded;
    }

    private async Task<int> SendAsync(ISessionGrain session, string text, CancellationToken cancellationToken)
    {
        var result = await session.SendAsync(text, Guid.NewGuid().ToString("N"), cancellationToken);
        if (result.Notice is not null)
        {
            await output.WriteLineAsync($"({result.Notice})");
        }

        await output.WriteLineAsync(result.Reply);
        if (result.FallbackUsed)
        {
            await output.WriteLineAsync($"(answered by fallback model {result.ModelUsed})");
        }

        return result.Outcome == TurnOutcome.Completed ? Succeeded : TurnFailed;
    }

    private async Task<Microsoft.Extensions.Hosting.IHost?> TryConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ClusterClientHost.StartAsync(settings: null, cancellationToken);
        }
        catch (Exception exception) when (exception is SiloUnavailableException or OrleansException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await output.WriteLineAsync($"Could not reach a Hermes silo ({exception.Message}). Start one with: dotnet run --project Hermes.Silo");
            return null;
        }
    }
}
