using Hermes.Contracts.Mcp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hermes.Grains.Mcp;

/// <summary>
/// Ties the MCP pool to the host. At start it kills servers left behind by Hermes hosts that died; once the host has
/// stopped (after Orleans has deactivated the grains) it closes every connection and kills every process the pool started,
/// whether or not anyone disposes the host afterwards.
/// </summary>
internal sealed partial class McpPoolLifetime(McpConnectionPool pool, ILogger<McpPoolLifetime> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var orphans = await pool.ReapOrphansAsync();
        if (orphans > 0)
        {
            LogOrphansKilled(orphans);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => pool.CloseAllAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killed {Count} MCP server processes left behind by a Hermes host that no longer runs")]
    private partial void LogOrphansKilled(int count);
}
