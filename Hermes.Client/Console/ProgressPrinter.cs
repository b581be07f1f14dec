using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;

namespace Hermes.Client.Console;

/// <summary>Shows a turn as it happens: the model's text as it is written, and each tool call as it starts and ends.</summary>
public sealed class ProgressPrinter(TextWriter output)
{
    private bool _midLine;
    private bool _textShown;

    public async ValueTask ShowAsync(TurnUpdate update, CancellationToken cancellationToken)
    {
        switch (update)
        {
            case TextDelta delta:
                await output.WriteAsync(delta.Text);
                (_midLine, _textShown) = (true, true);
                break;
            case ToolCallStarted started:
                await WriteLineAsync($"  [tool] {started.ToolName} {Shorten(started.ArgumentsJson)} ...");
                break;
            case ToolCallFinished finished:
                await WriteLineAsync($"  [tool] {finished.ToolName} {(finished.Failed ? "failed" : "done")}: {Shorten(finished.Summary)}");
                break;
            case TurnHeartbeat { StallNotice: { } stalled }:
                await WriteLineAsync($"({stalled})");
                break;
            case TurnQueued queued:
                await WriteLineAsync($"(waiting behind {queued.Ahead} other message{(queued.Ahead == 1 ? string.Empty : "s")})");
                break;
        }
    }

    /// <summary>Ends the turn's output: the reply itself when it was not streamed (a command, an error, a refusal).</summary>
    public async Task FinishAsync(FrontDoorReply reply)
    {
        if (_midLine)
        {
            await output.WriteLineAsync();
            _midLine = false;
        }

        if (reply.Kind == ReplyKind.Ignored)
        {
            return;
        }

        if (reply.Turn is { Notice: { } notice })
        {
            await output.WriteLineAsync($"({notice})");
        }

        if (reply.ProgressCut)
        {
            await output.WriteLineAsync("(the connection to Hermes was lost during the answer; here it is as the session kept it)");
        }

        var streamed = _textShown && !reply.ProgressCut && reply.Turn?.Outcome == TurnOutcome.Completed && reply.Turn.Command is null;
        if (!streamed)
        {
            await output.WriteLineAsync(reply.Turn?.Reply ?? reply.Text);
        }

        if (reply.Turn is { FallbackUsed: true, AnsweredBy: { } model })
        {
            await output.WriteLineAsync($"(answered by fallback model {model})");
        }
    }

    private async Task WriteLineAsync(string line)
    {
        if (_midLine)
        {
            await output.WriteLineAsync();
            _midLine = false;
        }

        await output.WriteLineAsync(line);
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : line[..80] + "...";
    }
}
