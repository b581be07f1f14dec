using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// A real MCP server over Streamable HTTP on 127.0.0.1, hosted with the SDK's ASP.NET Core package. It answers only
/// requests carrying its API key header, offers a <c>reverse</c> tool, and can be given more tools while it runs.
/// </summary>
public sealed class McpHttpTestServer : IAsyncDisposable
{
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly List<McpServerTool> _addedTools = [];
    private WebApplication _app = null!;

    private McpHttpTestServer()
    {
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Requests refused for a missing or wrong API key.</summary>
    public int Refused { get; private set; }

    public static async Task<McpHttpTestServer> StartAsync(string apiKey)
    {
        var server = new McpHttpTestServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMcpServer()
            .WithHttpTransport(transport => transport.ConfigureSessionOptions = server.OfferAddedToolsAsync)
            .WithTools([McpServerTool.Create((string text) => new string([.. text.Reverse()]), new McpServerToolCreateOptions { Name = "reverse", Description = "Reverses a text." })]);
        server._app = builder.Build();
        server._app.Use(async (context, next) =>
        {
            if (context.Request.Headers[ApiKeyHeader] != apiKey)
            {
                server.Refused++;
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        server._app.MapMcp("/mcp");
        await server._app.StartAsync();
        server.Endpoint = new Uri($"{server._app.Urls.Single()}/mcp");
        return server;
    }

    /// <summary>Offers one more tool to the sessions opened from now on.</summary>
    public void AddTool(string name, string answer)
    {
        lock (_addedTools)
        {
            _addedTools.Add(McpServerTool.Create(() => answer, new McpServerToolCreateOptions { Name = name, Description = $"Answers '{answer}'." }));
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Task OfferAddedToolsAsync(HttpContext context, McpServerOptions options, CancellationToken cancellationToken)
    {
        lock (_addedTools)
        {
            foreach (var tool in _addedTools)
            {
                options.ToolCollection!.Add(tool);
            }
        }

        return Task.CompletedTask;
    }
}
