using Hermes.Client.FrontDoor;
using Hermes.Contracts.Pushes;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Console;

/// <summary>The console front-end: sends lines through the front door and shows the agent's progress as it works.</summary>
/// <param name="chatId">The conversation: each id is its own session.</param>
/// <param name="input">Where lines come from.</param>
/// <param name="output">Where progress and replies go.</param>
/// <param name="settings">Configuration on top of the environment's, for embedding.</param>
public sealed class ConsoleChat(string chatId, TextReader input, TextWriter output, IEnumerable<KeyValuePair<string, string?>>? settings = null)
{
    public const string Platform = "console";
    public const int Succeeded = 0;
    public const int TurnFailed = 1;
    public const string QuitHelp = "/quit - leave the console (Ctrl+D does too)";
    public const int Unreachable = ClusterUnreachableException.ExitCode;

    /// <summary>How a reply nobody waited for (a scheduled turn's) is marked.</summary>
    public const string Scheduled = "[scheduled]";

    /// <summary>How the reply to a message typed before the console was closed (or Hermes was left mid-turn) is marked.</summary>
    public const string Earlier = "[reply to an earlier message]";

    /// <param name="oneMessage">Send only this message and exit.</param>
    /// <param name="printStatus">Print the session's snapshot and exit.</param>
    /// <param name="history">Transcript messages to show before an interactive conversation.</param>
    /// <param name="cancellationToken">Ends the conversation.</param>
    /// <exception cref="ClusterUnreachableException">No silo answered within <see cref="HermesClientOptions.ConnectTimeout"/>.</exception>
    public async Task<int> RunAsync(string? oneMessage, bool printStatus, int history, CancellationToken cancellationToken)
    {
        using var host = await ClusterClientHost.StartAsync(settings, cancellationToken);
        var frontDoor = host.FrontDoor();
        try
        {
            if (printStatus)
            {
                await output.WriteLineAsync(SessionReports.Status(await frontDoor.SessionFor(Message(string.Empty)).GetSnapshotAsync()));
                return Succeeded;
            }

            if (oneMessage is not null)
            {
                return await SendAsync(frontDoor, oneMessage, cancellationToken);
            }

            // While the conversation is open, replies nobody waited for (scheduled turns, turns left mid-way) are printed as they come.
            using var leaving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pushes = host.Pushes().RunAsync(PushDestination.ForConsole(chatId), (reply, _) => output.WriteLineAsync($"{(reply.CallerLeft ? Earlier : Scheduled)} {reply.Text}"), leaving.Token);
            try
            {
                await ChatAsync(frontDoor, history, cancellationToken);
            }
            finally
            {
                await leaving.CancelAsync();
                await pushes;
            }

            return Succeeded;
        }
        catch (Exception exception) when (ClusterFault.IsTransient(exception))
        {
            await output.WriteLineAsync($"Hermes did not answer: {exception.Message.ReplaceLineEndings(" ")}");
            return Unreachable;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private async Task ChatAsync(HermesFrontDoor frontDoor, int history, CancellationToken cancellationToken)
    {
        var session = frontDoor.SessionFor(Message(string.Empty));
        foreach (var message in await session.GetTranscriptAsync(history))
        {
            await output.WriteLineAsync($"{Speaker(message.Role)} {message.Text}");
        }

        await output.WriteLineAsync($"Conversation '{chatId}'. Type a message; /help lists the commands, /quit leaves.");
        while (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteAsync("> ");
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() == "/quit")
            {
                return;
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                await SendAsync(frontDoor, line, cancellationToken);
            }

            // The session lists its own commands; leaving is the console's.
            if (line.Trim().Equals("/help", StringComparison.OrdinalIgnoreCase))
            {
                await output.WriteLineAsync(QuitHelp);
            }
        }
    }

    private async Task<int> SendAsync(HermesFrontDoor frontDoor, string text, CancellationToken cancellationToken)
    {
        var progress = new ProgressPrinter(output);
        var reply = await frontDoor.SendAsync(Message(text), progress.ShowAsync, cancellationToken);
        await progress.FinishAsync(reply);

        // A tool call waits for approval: ask at once, one call at a time; the answer may lead to the next question.
        if (reply.Turn is { AwaitsApproval: true } paused && await ApprovalPrompt.AskAsync(paused.PendingApprovals[0], input, output, cancellationToken) is { } answer)
        {
            return await SendAsync(frontDoor, answer, cancellationToken);
        }

        return reply.Turn?.Outcome == TurnOutcome.Completed ? Succeeded : TurnFailed;
    }

    private IncomingMessage Message(string text) =>
        new(Platform, ChatType.Dm, chatId, Environment.UserName, text) { MessageId = Guid.NewGuid().ToString("N") };

    private static string Speaker(TranscriptRole role) => role switch
    {
        TranscriptRole.User => "you:",
        TranscriptRole.Assistant => "agent:",
        TranscriptRole.Tool => "  tool:",
        _ => "hermes:",
    };
}
