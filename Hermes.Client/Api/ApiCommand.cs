using System.CommandLine;
using Microsoft.Extensions.Hosting;

namespace Hermes.Client.Api;

/// <summary><c>hermes api</c>.</summary>
public static class ApiCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Where to listen (default Hermes:Api:Urls, http://127.0.0.1:8081).",
        };
        var command = new Command(
            "api",
            "Serve an OpenAI-compatible HTTP API (POST /v1/chat/completions, the Responses API at /v1/responses, GET /v1/models) in front of the sessions. " +
            "Callers authenticate with one of Hermes:Api:Keys; a conversation is chosen by the X-Hermes-Conversation header or the 'user' field, else by the chat's history.")
        {
            urls,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] args = parse.GetValue(urls) is { } listen ? [$"--urls={listen}"] : [];
            await using var app = OpenAiApi.Build(OpenAiApi.CreateBuilder(args));
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
        });
        return command;
    }
}
