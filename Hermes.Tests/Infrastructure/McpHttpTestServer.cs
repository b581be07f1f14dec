using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// A real MCP server over Streamable HTTP on 127.0.0.1, hosted with the SDK's ASP.NET Core package. It answers only
/// requests carrying its API key header, offers a <c>reverse</c> tool, and can be given more tools while it runs.
/// </summary>
public sealed class McpHttpTestServer : IAsyncDisposable
{
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly WebApplication _app;

    private McpHttpTestServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>Requests refused for a missing or wrong API key.</summary>
    public int Refused { get; private set; }

    public static async Task<McpHttpTestServer> StartAsync(string apiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMcpServer()
            .WithHttpTransport()
            .WithTools([McpServerTool.Create((string text) => new string([.. text.Reverse()]), new McpServerToolCreateOptions { Name = "reverse", Description = "Reverses a text." })]);
        var app = builder.Build();
        McpHttpTestServer? server = null;
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers[ApiKeyHeader] != apiKey)
            {
                server!.Refused++;
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        app.MapMcp("/mcp");
        await app.StartAsync();
        server = new McpHttpTestServer(app, new Uri($"{app.Urls.Single()}/mcp"));
        return server;
    }

    /// <summary>Offers one more tool to sessions that list tools from now on.</summary>
    public void AddTool(string name, string answer) =>
        _app.Services.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection!
            .Add(McpServerTool.Create(() => answer, new McpServerToolCreateOptions { Name = name, Description = $"Answers '{answer}'." }));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
