using Hermes.Grains.Hosting;
using Hermes.Grains.Mcp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;

namespace Hermes.Tests.Mcp;

/// <summary>
/// The silo's MCP pool on its own, as the silo registers it, with real server processes and a fake clock: for what many
/// sessions do to the pool, and for what happens as time passes, without a cluster around it.
/// </summary>
public sealed class McpTestPool : IAsyncDisposable
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private McpTestPool(ServiceProvider services, IConfigurationRoot configuration, FakeTimeProvider time)
    {
        _services = services;
        Configuration = configuration;
        Time = time;
        Pool = services.GetRequiredService<McpConnectionPool>();
    }

    public McpConnectionPool Pool { get; }

    public FakeTimeProvider Time { get; }

    public IConfigurationRoot Configuration { get; }

    public static McpTestPool Start(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var time = new FakeTimeProvider(Epoch);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddHermesSessions(configuration)
            .BuildServiceProvider();
        return new McpTestPool(services, configuration, time);
    }

    /// <summary>Changes one setting as a configuration reload would; the pool reads it at its next sweep.</summary>
    public void Set(string key, string value)
    {
        Configuration[key] = value;
        Configuration.Reload();
    }

    /// <summary>Calls a tool as a session's agent does, through the tool the model sees.</summary>
    public static Task<CallToolResult> CallAsync(McpSessionHandles handles, string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken = default) =>
        handles.Tools.OfType<McpToolFunction>().Single(function => function.Name == tool).CallAsync(arguments, cancellationToken);

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
