using Hermes.Client.Telegram;
using Microsoft.Extensions.Hosting;

namespace Hermes.Tests.Infrastructure;

/// <summary>The real <c>hermes telegram</c> host, talking to a Bot API stand-in and to a test silo.</summary>
public sealed class TelegramBotProcess : IAsyncDisposable
{
    private readonly IHost _host;

    private TelegramBotProcess(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static Task<TelegramBotProcess> StartAsync(TelegramBotApiStandIn botApi, TestSilo silo, params (string Key, string Value)[] settings) =>
        StartAsync(botApi, silo, configure: null, settings);

    /// <param name="botApi">The Bot API stand-in to poll.</param>
    /// <param name="silo">The silo to join.</param>
    /// <param name="configure">Changes to the host builder, such as a log collector.</param>
    /// <param name="settings">Configuration, as <c>--key=value</c> arguments.</param>
    public static async Task<TelegramBotProcess> StartAsync(
        TelegramBotApiStandIn botApi, TestSilo silo, Action<HostApplicationBuilder>? configure, params (string Key, string Value)[] settings)
    {
        IEnumerable<(string Key, string Value)> arguments =
        [
            ("Hermes:Telegram:BotToken", TelegramBotApiStandIn.Token),
            ("Hermes:Telegram:ApiBaseUrl", botApi.BaseUrl.ToString()),
            ("Hermes:Telegram:PollTimeout", "00:00:01"),
            ("Hermes:Telegram:TypingInterval", "00:00:01"),
            ("Orleans:Clustering:ProviderType", "Static"),
            ("Orleans:Clustering:Gateways:0", $"127.0.0.1:{silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}"),
            ("Logging:LogLevel:Default", "Warning"),
            .. settings,
        ];
        var builder = TelegramBotHost.CreateBuilder([.. arguments.Select(setting => $"--{setting.Key}={setting.Value}")]);
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return new TelegramBotProcess(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
