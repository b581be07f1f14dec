using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// A stand-in for Telegram's Bot API on 127.0.0.1: answers <c>getUpdates</c> (long polling) with the updates a test
/// posts (messages, and presses of inline keyboard buttons), and records <c>sendMessage</c> (with its buttons),
/// <c>sendChatAction</c>, <c>answerCallbackQuery</c> and <c>editMessageText</c>. The bot reaches it through the
/// Telegram.Bot library, by its configurable base URL.
/// </summary>
public sealed class TelegramBotApiStandIn : IAsyncDisposable
{
    public const string Token = "123456:stand-in-token";

    private readonly WebApplication _app;
    private readonly Channel<JsonObject> _updates = Channel.CreateUnbounded<JsonObject>();
    private readonly ConcurrentQueue<SentMessage> _sent = new();
    private readonly ConcurrentQueue<long> _typing = new();
    private readonly ConcurrentQueue<EditedMessage> _edits = new();
    private readonly ConcurrentQueue<CallbackAnswer> _callbackAnswers = new();
    private int _updateIds;
    private int _messageIds = 1000;

    private TelegramBotApiStandIn(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<SentMessage> Sent => [.. _sent];

    /// <summary>Chats that were shown "typing…".</summary>
    public IReadOnlyList<long> TypingIn => [.. _typing];

    /// <summary>Messages the bot edited (<c>editMessageText</c>).</summary>
    public IReadOnlyList<EditedMessage> Edits => [.. _edits];

    /// <summary>The bot's answers to button presses (<c>answerCallbackQuery</c>).</summary>
    public IReadOnlyList<CallbackAnswer> CallbackAnswers => [.. _callbackAnswers];

    public static async Task<TelegramBotApiStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var standIn = new TelegramBotApiStandIn(builder.Build());
        standIn._app.MapPost($"/bot{Token}/{{method}}", standIn.HandleAsync);
        await standIn._app.StartAsync();
        standIn.BaseUrl = new Uri(standIn._app.Urls.Single());
        return standIn;
    }

    /// <summary>A user writes <paramref name="text"/> in a private chat with the bot.</summary>
    public void WriteInPrivate(long userId, string text) => Post(Message(new JsonObject { ["id"] = userId, ["type"] = "private", ["first_name"] = "User" }, userId, text));

    /// <summary>A user writes <paramref name="text"/> in a group.</summary>
    public void WriteInGroup(long groupId, long userId, string text) => Post(Message(new JsonObject { ["id"] = groupId, ["type"] = "supergroup", ["title"] = "Group" }, userId, text));

    /// <summary>A user presses the button with <paramref name="data"/> under <paramref name="question"/>, a message the bot sent.</summary>
    public void PressButton(long userId, SentMessage question, string data) => _updates.Writer.TryWrite(new JsonObject
    {
        ["update_id"] = Interlocked.Increment(ref _updateIds),
        ["callback_query"] = new JsonObject
        {
            ["id"] = $"press-{Interlocked.Increment(ref _messageIds)}",
            ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = $"User{userId}", ["username"] = $"user{userId}" },
            ["message"] = new JsonObject
            {
                ["message_id"] = question.MessageId,
                ["from"] = new JsonObject { ["id"] = 123456, ["is_bot"] = true, ["first_name"] = "Hermes" },
                ["chat"] = new JsonObject { ["id"] = question.ChatId, ["type"] = question.ChatId > 0 ? "private" : "supergroup" },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["text"] = question.Text,
            },
            ["chat_instance"] = "stand-in",
            ["data"] = data,
        },
    });

    /// <summary>Waits until <paramref name="count"/> messages were sent to <paramref name="chatId"/>.</summary>
    public async Task<IReadOnlyList<SentMessage>> SentToAsync(long chatId, int count = 1)
    {
        await Poll.UntilAsync(() => Sent.Count(message => message.ChatId == chatId) >= count, $"{count} message(s) to chat {chatId}");
        return [.. Sent.Where(message => message.ChatId == chatId)];
    }

    public async ValueTask DisposeAsync()
    {
        _updates.Writer.TryComplete();
        await _app.DisposeAsync();
    }

    private JsonObject Message(JsonObject chat, long userId, string text) => new()
    {
        ["message_id"] = Interlocked.Increment(ref _messageIds),
        ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = $"User{userId}", ["username"] = $"user{userId}" },
        ["chat"] = chat,
        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["text"] = text,
    };

    private void Post(JsonObject message) =>
        _updates.Writer.TryWrite(new JsonObject { ["update_id"] = Interlocked.Increment(ref _updateIds), ["message"] = message });

    private async Task HandleAsync(HttpContext context, string method)
    {
        var body = context.Request.HasJsonContentType() ? await JsonNode.ParseAsync(context.Request.Body) as JsonObject : null;
        JsonNode? result = method switch
        {
            "getUpdates" => await NextUpdatesAsync(body, context.RequestAborted),
            "sendMessage" => Record(body!),
            "sendChatAction" => Typing(body!),
            "answerCallbackQuery" => AnswerCallback(body!),
            "editMessageText" => Edit(body!),
            "deleteWebhook" => true,
            "getMe" => new JsonObject { ["id"] = 123456, ["is_bot"] = true, ["first_name"] = "Hermes", ["username"] = "HermesBot" },
            _ => null,
        };
        await context.Response.WriteAsJsonAsync(result is null
            ? new JsonObject { ["ok"] = false, ["error_code"] = 404, ["description"] = $"Not Found: method {method}" }
            : new JsonObject { ["ok"] = true, ["result"] = result });
    }

    private async Task<JsonArray> NextUpdatesAsync(JsonObject? request, CancellationToken aborted)
    {
        var timeout = TimeSpan.FromSeconds((int?)request?["timeout"] ?? 0);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        wait.CancelAfter(timeout);
        var updates = new JsonArray();
        try
        {
            if (await _updates.Reader.WaitToReadAsync(wait.Token))
            {
                while (_updates.Reader.TryRead(out var update))
                {
                    updates.Add(update);
                }
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            // The long poll ran out: no updates.
        }

        return updates;
    }

    private JsonObject Record(JsonObject request)
    {
        var chatId = (long)request["chat_id"]!;
        var text = (string)request["text"]!;
        var messageId = Interlocked.Increment(ref _messageIds);
        var buttons = request["reply_markup"]?["inline_keyboard"]?.AsArray().SelectMany(row => row!.AsArray()).Select(button => (string)button!["callback_data"]!).ToArray() ?? [];
        _sent.Enqueue(new SentMessage(chatId, text, (int?)request["message_thread_id"], messageId, buttons) { At = DateTimeOffset.UtcNow });
        return new JsonObject
        {
            ["message_id"] = messageId,
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "supergroup" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = text,
        };
    }

    private JsonNode Typing(JsonObject request)
    {
        _typing.Enqueue((long)request["chat_id"]!);
        return true;
    }

    private JsonNode AnswerCallback(JsonObject request)
    {
        _callbackAnswers.Enqueue(new CallbackAnswer((string)request["callback_query_id"]!, (string?)request["text"]));
        return true;
    }

    private JsonObject Edit(JsonObject request)
    {
        var chatId = (long)request["chat_id"]!;
        var text = (string)request["text"]!;
        _edits.Enqueue(new EditedMessage(chatId, (int)request["message_id"]!, text, request["reply_markup"]?["inline_keyboard"]?.AsArray().Count > 0));
        return new JsonObject
        {
            ["message_id"] = (int)request["message_id"]!,
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "supergroup" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = text,
        };
    }

    /// <param name="Buttons">The callback data of the message's inline keyboard buttons, in order.</param>
    public sealed record SentMessage(long ChatId, string Text, int? ThreadId, int MessageId = 0, IReadOnlyList<string>? Buttons = null)
    {
        /// <summary>When the stand-in received it.</summary>
        public DateTimeOffset At { get; init; }
    }

    /// <param name="KeepsButtons">True when the edited message still carries an inline keyboard.</param>
    public sealed record EditedMessage(long ChatId, int MessageId, string Text, bool KeepsButtons);

    public sealed record CallbackAnswer(string CallbackQueryId, string? Text);
}
