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
/// posts, and records <c>sendMessage</c> and <c>sendChatAction</c>. The bot reaches it through the Telegram.Bot library,
/// by its configurable base URL.
/// </summary>
public sealed class TelegramBotApiStandIn : IAsyncDisposable
{
    public const string Token = "123456:stand-in-token";

    private readonly WebApplication _app;
    private readonly Channel<JsonObject> _updates = Channel.CreateUnbounded<JsonObject>();
    private readonly ConcurrentQueue<SentMessage> _sent = new();
    private readonly ConcurrentQueue<long> _typing = new();
    private int _updateIds;
    private int _messageIds = 1000;

    private TelegramBotApiStandIn(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<SentMessage> Sent => [.. _sent];

    /// <summary>Chats that were shown "typing…".</summary>
    public IReadOnlyList<long> TypingIn => [.. _typing];

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
        _sent.Enqueue(new SentMessage(chatId, text, (int?)request["message_thread_id"]) { At = DateTimeOffset.UtcNow });
        return new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _messageIds),
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

    public sealed record SentMessage(long ChatId, string Text, int? ThreadId)
    {
        /// <summary>When the stand-in received it.</summary>
        public DateTimeOffset At { get; init; }
    }
}
