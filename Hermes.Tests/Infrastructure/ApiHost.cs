using Hermes.Client.Api;
using Microsoft.AspNetCore.Builder;

namespace Hermes.Tests.Infrastructure;

/// <summary>The real <c>hermes api</c> web host, on a loopback port of its own, joined to a test silo.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string Key = "sk-hermes-test-key-0001";
    public const string KeyHolder = "tester";

    private readonly WebApplication _app;

    private ApiHost(WebApplication app) => _app = app;

    /// <summary>The API's base address, ending in <c>/v1</c>, as OpenAI clients take it.</summary>
    public Uri BaseUrl => new($"{_app.Urls.Single()}/v1");

    public IServiceProvider Services => _app.Services;

    public static Task<ApiHost> StartAsync(TestSilo silo, params (string Key, string Value)[] settings) =>
        StartAsync(silo.GatewayPort, settings);

    /// <param name="silo">The silo to join.</param>
    /// <param name="configure">Changes to the host builder, such as a log collector.</param>
    /// <param name="settings">Configuration, as <c>--key=value</c> arguments.</param>
    public static Task<ApiHost> StartAsync(TestSilo silo, Action<WebApplicationBuilder> configure, params (string Key, string Value)[] settings) =>
        StartAsync(silo.GatewayPort, configure, settings);

    /// <summary>Starts the API as a client of whatever gateway listens on <paramref name="gatewayPort"/>.</summary>
    public static Task<ApiHost> StartAsync(int gatewayPort, params (string Key, string Value)[] settings) =>
        StartAsync(gatewayPort, _ => { }, settings);

    /// <summary>Starts the API with <paramref name="configure"/> applied to its builder (e.g. a fake clock) before it is built.</summary>
    public static async Task<ApiHost> StartAsync(int gatewayPort, Action<WebApplicationBuilder> configure, params (string Key, string Value)[] settings)
    {
        IEnumerable<(string Key, string Value)> arguments =
        [
            ("urls", "http://127.0.0.1:0"),
            ("Orleans:Clustering:ProviderType", "Static"),
            ("Orleans:Clustering:Gateways:0", $"127.0.0.1:{gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}"),
            ($"Hermes:Api:Keys:{KeyHolder}", Key),
            ("Logging:LogLevel:Default", "Warning"),
            .. settings,
        ];
        var builder = OpenAiApi.CreateBuilder([.. arguments.Select(setting => $"--{setting.Key}={setting.Value}")]);
        configure(builder);
        var app = OpenAiApi.Build(builder);
        await app.StartAsync();
        return new ApiHost(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
