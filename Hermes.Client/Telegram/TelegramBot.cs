using Hermes.Client.FrontDoor;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Hermes.Client.Telegram;

/// <summary>
/// Long-polls the Bot API and hands each message to the front door at once, in arrival order, so that the session can
/// interrupt or queue it and answer <c>/stop</c> while a turn runs. Shows "typing…" while a turn runs and sends the
/// reply in parts under Telegram's length limit.
/// </summary>
/// <remarks>
/// The loop is ours rather than Telegram.Bot's receiver (<c>ReceiveAsync</c>/<c>StartReceiving</c> with an
/// <c>IUpdateHandler</c>) for one reason: the receiver asks the Bot API to hold each long poll for as many seconds as the
/// HTTP client's own timeout (<c>GetUpdatesRequest.Timeout = botClient.Timeout</c> in Telegram.Bot 22), so an idle poll
/// that the server answers after that long, plus the network's delay, is cut by the client first and comes back as a
/// "request timed out" polling error, again and again. Here the long poll (<see cref="TelegramOptions.PollTimeout"/>)
/// stays shorter than the HTTP timeout, and a failed poll waits before the next one.
/// </remarks>
public sealed partial class TelegramBot(
    ITelegramBotClient bot,
    HermesFrontDoor frontDoor,
    IOptionsMonitor<TelegramOptions> options,
    ILogger<TelegramBot> logger) : BackgroundService
{
    private const string TextOnly = "I can only read text messages for now.";

    private readonly HashSet<Task> _handling = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await bot.DeleteWebhook(cancellationToken: stoppingToken);
        int? offset = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Update[] updates;
                try
                {
                    updates = await bot.GetUpdates(offset, timeout: (int)options.CurrentValue.PollTimeout.TotalSeconds, allowedUpdates: [UpdateType.Message, UpdateType.CallbackQuery], cancellationToken: stoppingToken);
                }
                catch (Exception exception) when (exception is ApiRequestException or HttpRequestException or RequestException)
                {
                    LogPollFailed(exception);
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                    continue;
                }

                foreach (var update in updates)
                {
                    offset = update.Id + 1;
                    if (update.Message is { } message)
                    {
                        Track(HandleAsync(message, stoppingToken));
                    }
                    else if (update.CallbackQuery is { } query)
                    {
                        Track(HandleButtonAsync(query, stoppingToken));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        Task[] running;
        lock (_handling)
        {
            running = [.. _handling];
        }

        await Task.WhenAll(running);
    }

    private async Task HandleAsync(Message message, CancellationToken stoppingToken)
    {
        if (TelegramRouting.ToIncoming(message) is not { } incoming)
        {
            return;
        }

        try
        {
            if (incoming.Text.Length == 0)
            {
                await ReplyAsync(message, TextOnly, stoppingToken);
                return;
            }

            using var typing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var showTyping = ShowTypingAsync(message, typing.Token);
            FrontDoorReply reply;
            try
            {
                // Streamed so that a turn the watchdog finds silent is reported with a short message while it runs.
                reply = await frontDoor.SendAsync(
                    incoming,
                    (update, token) => update is TurnHeartbeat { StallNotice: { } stalled } ? new ValueTask(ReplyAsync(message, stalled, token)) : ValueTask.CompletedTask,
                    stoppingToken);
            }
            finally
            {
                await typing.CancelAsync();
                await showTyping;
            }

            if (reply.Turn is { AwaitsApproval: true } paused)
            {
                await AskAsync(message.Chat.Id, message.IsTopicMessage ? message.MessageThreadId : null, paused, stoppingToken);
            }
            else if (reply.Kind != ReplyKind.Ignored)
            {
                foreach (var part in TelegramMessageSplitter.Split(WithFallbackMarker(reply)))
                {
                    await ReplyAsync(message, part, stoppingToken);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogMessageFailed(exception, message.Chat.Id);
            await TryReplyAsync(message, "Sorry, something went wrong while answering. Please try again.", stoppingToken);
        }
    }

    // A short line telling which model answered, when it was not the primary.
    private string WithFallbackMarker(FrontDoorReply reply) =>
        reply.Turn is { FallbackUsed: true, AnsweredBy: { } model } && options.CurrentValue.FallbackMarker is { Length: > 0 } marker
            ? $"{reply.Text}\n\n{marker.Replace("{model}", model, StringComparison.Ordinal)}"
            : reply.Text;

    private Task ReplyAsync(Message message, string text, CancellationToken cancellationToken) =>
        bot.SendMessage(message.Chat.Id, text, messageThreadId: message.IsTopicMessage ? message.MessageThreadId : null, cancellationToken: cancellationToken);

    private async Task TryReplyAsync(Message message, string text, CancellationToken cancellationToken)
    {
        try
        {
            await ReplyAsync(message, text, cancellationToken);
        }
        catch (Exception exception) when (exception is ApiRequestException or HttpRequestException or RequestException)
        {
            LogMessageFailed(exception, message.Chat.Id);
        }
    }

    private async Task ShowTypingAsync(Message message, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.TypingInterval);
        try
        {
            do
            {
                await bot.SendChatAction(message.Chat.Id, ChatAction.Typing, messageThreadId: message.IsTopicMessage ? message.MessageThreadId : null, cancellationToken: cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The turn ended.
        }
        catch (Exception exception) when (exception is ApiRequestException or HttpRequestException or RequestException)
        {
            // "typing…" is a courtesy; the answer matters.
            LogTypingFailed(exception, message.Chat.Id);
        }
    }

    private void Track(Task task)
    {
        lock (_handling)
        {
            _handling.Add(task);
        }

        task.ContinueWith(
            finished =>
            {
                lock (_handling)
                {
                    _handling.Remove(finished);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling Telegram for updates failed; trying again")]
    private partial void LogPollFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answering a message in Telegram chat {ChatId} failed")]
    private partial void LogMessageFailed(Exception exception, long chatId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Showing typing in Telegram chat {ChatId} failed")]
    private partial void LogTypingFailed(Exception exception, long chatId);
}
