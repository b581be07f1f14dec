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

    public static async Task<ApiHost> StartAsync(TestSilo silo, params (string Key, string Value)[] settings)
    {
        IEnumerable<(string Key, string Value)> arguments =
        [
            ("urls", "http://127.0.0.1:0"),
            ("Orleans:Clustering:ProviderType", "Static"),
            ("Orleans:Clustering:Gateways:0", $"127.0.0.1:{silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}"),
            ($"Hermes:Api:Keys:{KeyHolder}", Key),
            ("Logging:LogLevel:Default", "Warning"),
            .. settings,
        ];
        var app = OpenAiApi.Build(OpenAiApi.CreateBuilder([.. arguments.Select(setting => $"--{setting.Key}={setting.Value}")]));
        await app.StartAsync();
        return new ApiHost(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
