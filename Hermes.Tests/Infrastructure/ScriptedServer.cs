using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// What the scripted model servers share, whatever protocol they speak: a real HTTP server on 127.0.0.1 with one
/// <c>POST</c> route, a script per model id, and the requests received, counted per model. A request is answered as its
/// model's script says (a held answer waits for its signal first); a request whose caller left is marked aborted.
/// </summary>
/// <typeparam name="TServer">The protocol's own server, which <see cref="Script"/> returns for chaining.</typeparam>
public abstract class ScriptedServer<TServer> : IAsyncDisposable
    where TServer : ScriptedServer<TServer>
{
    private readonly ConcurrentDictionary<string, ModelScript> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ScriptedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public IReadOnlyList<ScriptedRequest> Requests => [.. _requests];

    public TServer Script(string model, ModelScript script)
    {
        _scripts[model] = script;
        return (TServer)this;
    }

    public int RequestsFor(string model) => _counts.GetValueOrDefault(model);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Starts listening on <paramref name="port"/> (any free one when 0) for <c>POST</c> on <paramref name="route"/>.</summary>
    /// <returns>The server's root URL.</returns>
    protected async Task<string> ListenAsync(int port, string route)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost(route, HandleAsync);
        await _app.StartAsync();
        return _app.Urls.Single();
    }

    /// <summary>The request as scripts see it, in the OpenAI shape, read from the protocol's own body.</summary>
    /// <param name="index">How many requests for the same model came before this one.</param>
    protected abstract ScriptedRequest Read(HttpRequest http, JsonObject body, string model, int index);

    /// <summary>The protocol's answer for a model no script was given.</summary>
    protected abstract ScriptedAnswer.Error UnknownModel(string model);

    /// <summary>Writes <paramref name="answer"/> in the protocol's shape: an error, a stream or a whole response.</summary>
    protected abstract Task WriteAsync(HttpResponse response, ScriptedRequest request, ScriptedAnswer answer, CancellationToken cancellationToken);

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
            ?? throw new InvalidOperationException("The request body is not a JSON object.");
        var model = (string?)body["model"] ?? string.Empty;
        var index = _counts.AddOrUpdate(model, 1, (_, count) => count + 1) - 1;
        var request = Read(context.Request, body, model, index);
        _requests.Enqueue(request);

        var answer = _scripts.TryGetValue(model, out var script) ? script(request) : UnknownModel(model);
        try
        {
            if (answer is ScriptedAnswer.Held held)
            {
                await held.Until.WaitAsync(context.RequestAborted);
                answer = held.Then;
            }

            await WriteAsync(context.Response, request, answer, context.RequestAborted);
        }
        catch (Exception exception) when (context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            request.MarkAborted();
        }
    }
}
