using Hermes.Benchmarks.Models;
using Hermes.Grains.Models;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hermes.Benchmarks.Cluster;

/// <summary>
/// The real silo web host (local profile: SQLite store in a folder of its own, dashboard, telemetry) in this process, with
/// every model answered at once by <see cref="InstantChatClient"/>, and no MCP server.
/// </summary>
internal static class InstantModelSilo
{
    public const string Primary = "instant-primary";
    public const string Fallback = "instant-fallback";

    public static Task<TestSilo> StartAsync(params KeyValuePair<string, string?>[] settings) => TestSilo.StartAsync(
        [new("Hermes:Model:Primary", Primary), new("Hermes:Model:Fallbacks:0", Fallback), .. settings],
        configure: builder => builder.Services.Replace(ServiceDescriptor.Singleton<IModelClientFactory, InstantModelClientFactory>()));
}
