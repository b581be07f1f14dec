using Hermes.Client.FrontDoor;
using Hermes.ServiceDefaults.Logging;
using Hermes.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Hermes.Client.Telegram;

/// <summary><c>hermes telegram</c>: the bot as a host of its own, a client of the Hermes cluster.</summary>
public static class TelegramBotHost
{
    public const string ServiceName = "hermes-telegram";

    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddHermesLogging();
        builder.AddHermesOpenTelemetry(ServiceName);
        builder.AddHermesClient();
        builder.Services.AddOptions<TelegramOptions>()
            .Bind(builder.Configuration.GetSection(TelegramOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHttpClient(nameof(TelegramBot));
        builder.Services.AddSingleton<ITelegramBotClient>(services =>
        {
            var telegram = services.GetRequiredService<IOptions<TelegramOptions>>().Value;
            return new TelegramBotClient(
                new TelegramBotClientOptions(telegram.BotToken!, telegram.ApiBaseUrl.ToString().TrimEnd('/')),
                services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(TelegramBot)));
        });
        builder.Services.AddHostedService<TelegramBot>();
        builder.Services.AddHostedService<TelegramPushes>();
        return builder;
    }
}
