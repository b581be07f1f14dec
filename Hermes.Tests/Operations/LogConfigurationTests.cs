using System.Net;
using Hermes.Client;
using Hermes.Client.Api;
using Hermes.Client.FrontDoor;
using Hermes.Client.Telegram;
using Hermes.Silo.Hosting;
using Hermes.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly.Registry;

namespace Hermes.Tests.Operations;

/// <summary>The log levels every host starts with, read from the hosts as they are built (not started).</summary>
public sealed class LogConfigurationTests
{
    // Categories that print URLs (with keys and the bot token), call results (with reply text), or warn on every MCP connect.
    private static readonly string[] QuietCategories =
    [
        "System.Net.Http.HttpClient.TelegramBot.LogicalHandler",
        "System.Net.Http.HttpClient.hermes-model.ClientHandler",
        "Polly",
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Routing.EndpointMiddleware",
        "ModelContextProtocol.Client.StdioClientTransport",
        "Orleans.Runtime.Silo",
    ];

    public static TheoryData<string> ServiceHosts => ["silo", "api", "telegram"];

    [Theory]
    [MemberData(nameof(ServiceHosts))]
    public void A_service_logs_Hermes_at_Information_and_the_libraries_that_print_urls_or_results_at_Warning(string host)
    {
        using var built = Build(host);
        var loggers = built.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(loggers.CreateLogger("Hermes.Grains.Mcp.McpConnection").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
        Assert.All(QuietCategories, category =>
        {
            Assert.False(loggers.CreateLogger(category).IsEnabled(LogLevel.Information), category);
            Assert.True(loggers.CreateLogger(category).IsEnabled(LogLevel.Warning), category);
        });
        Assert.False(loggers.CreateLogger("ModelContextProtocol.Client.McpClient").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("ModelContextProtocol.Client.McpClient").IsEnabled(LogLevel.Error));
    }

    [Theory]
    [MemberData(nameof(ServiceHosts))]
    public void An_operator_turns_any_category_up_from_the_configuration(string host)
    {
        using var built = Build(host, "--Logging:LogLevel:Polly=Debug", "--Logging:LogLevel:Hermes=Warning");
        var loggers = built.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(loggers.CreateLogger("Polly").IsEnabled(LogLevel.Debug));
        Assert.False(loggers.CreateLogger("Hermes.Grains.Mcp.McpConnection").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void The_console_and_the_operator_commands_show_only_problems_on_the_users_terminal()
    {
        using var built = ClusterClientHost.CreateBuilder().Build();
        var loggers = built.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Hermes.Client.FrontDoor.HermesFrontDoor").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Hermes.Client.FrontDoor.HermesFrontDoor").IsEnabled(LogLevel.Warning));
        Assert.All(QuietCategories, category => Assert.False(loggers.CreateLogger(category).IsEnabled(LogLevel.Information), category));
    }

    [Fact]
    public async Task Polly_turned_up_for_debugging_logs_the_type_of_a_calls_result_not_its_contents()
    {
        var logs = FakeLogCollector.Create(new FakeLogCollectorOptions());
        var builder = ClusterClientHost.CreateBuilder([new("Logging:LogLevel:Polly", "Debug")]);
        builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        using var built = builder.Build();
        var pipeline = built.Services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(ClusterRetry.PipelineName);

        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(new Answer("canary-reply-text")));

        Assert.Contains(logs.GetSnapshot(), record => record.Category == "Polly" && record.Message.Contains(nameof(Answer), StringComparison.Ordinal));
        Assert.DoesNotContain(logs.GetSnapshot(), record => record.Message.Contains("canary-reply-text", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ServiceHosts))]
    public async Task HttpClient_turned_up_for_debugging_logs_the_host_of_a_request_never_its_path(string host)
    {
        await using var botApi = await TelegramBotApiStandIn.StartAsync();
        var logs = FakeLogCollector.Create(new FakeLogCollectorOptions());
        using var built = Build(host, logs, "--Logging:LogLevel:System.Net.Http.HttpClient=Trace");
        using var http = built.Services.GetRequiredService<IHttpClientFactory>().CreateClient("any");

        using var answer = await http.PostAsync(new Uri(botApi.BaseUrl, $"/bot{TelegramBotApiStandIn.Token}/getMe"), content: null);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(logs.GetSnapshot(), record => record.Message.Contains($"{botApi.BaseUrl.Authority} answered 200", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.GetSnapshot(), record => record.Message.Contains(TelegramBotApiStandIn.Token, StringComparison.Ordinal));
    }

    private static IHost Build(string host, params string[] args) => Build(host, logs: null, args);

    private static IHost Build(string host, FakeLogCollector? logs, params string[] args)
    {
        IHostApplicationBuilder builder = host switch
        {
            "silo" => HermesSiloHost.CreateBuilder(args),
            "api" => OpenAiApi.CreateBuilder(args),
            "telegram" => TelegramBotHost.CreateBuilder(args),
            _ => throw new ArgumentOutOfRangeException(nameof(host), host, null),
        };
        if (logs is not null)
        {
            builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        }

        return builder switch
        {
            WebApplicationBuilder web => web.Build(),
            HostApplicationBuilder plain => plain.Build(),
            _ => throw new InvalidOperationException(),
        };
    }

    private sealed record Answer(string Reply);
}
