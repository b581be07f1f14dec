using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Hosting;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Hermes.Tests.Infrastructure.ProviderSettings;

namespace Hermes.Tests.Models;

/// <summary>
/// A provider's pool of keys, through the silo's real model pipeline (agent factory, HTTP handlers, OpenAI SDK) against a
/// scripted endpoint that answers each key differently, on a fake clock.
/// </summary>
public sealed class CredentialPoolTests
{
    private const string Refused = "sk-refused-111111", Limited = "sk-limited-222222", Healthy = "sk-healthy-333333";

    [Fact]
    public async Task A_refused_key_is_parked_a_rate_limited_one_rests_until_its_reset_and_the_session_never_sees_a_key_error()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        var limitedUntilAdvanced = true;
        models.Script("gpt", request => request.Authorization switch
        {
            $"Bearer {Refused}" => new ScriptedAnswer.Error(401, $"Incorrect API key provided: {Refused}.", Code: "invalid_api_key"),
            $"Bearer {Limited}" when limitedUntilAdvanced => new ScriptedAnswer.Error(429, "Rate limit reached for requests.", Code: "rate_limit_exceeded", RetryAfterSeconds: 60),
            _ => new ScriptedAnswer.Text($"answered with {request.Authorization![^6..]}"),
        });
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T12:00:00Z"));
        await using var silo = Silo(clock, [.. Provider("openai", "openai", models.BaseUrl, Refused, Limited, Healthy), .. Chain("openai:gpt")]);

        var first = await silo.RunAsync("one");
        var second = await silo.RunAsync("two");
        var statusWhileResting = silo.Status();
        clock.Advance(TimeSpan.FromSeconds(61));
        limitedUntilAdvanced = false;
        var third = await silo.RunAsync("three");

        Assert.Equal(("answered with 333333", TurnOutcome.Completed, false), (first.Reply, first.Outcome, first.Models.FallbackUsed));
        Assert.Empty(first.Models.Errors);
        Assert.Equal("answered with 333333", second.Reply);
        Assert.Equal("answered with 222222", third.Reply);
        Assert.Equal(
            [Refused, Limited, Healthy, Healthy, Limited],
            models.Requests.Select(request => request.Authorization!["Bearer ".Length..]));
        Assert.Equal(
            [(1, ProviderKeyState.Parked), (2, ProviderKeyState.Resting), (3, ProviderKeyState.Ready)],
            statusWhileResting.Keys.Select(key => (key.Number, key.State)));
        Assert.Equal(clock.Start.AddSeconds(60), statusWhileResting.Keys[1].Until);
        Assert.Contains("HTTP 401: Incorrect API key provided", statusWhileResting.Keys[0].Reason);
        Assert.DoesNotContain(Refused, statusWhileResting.Keys[0].Reason);
        Assert.Equal(ProviderKeyState.Ready, silo.Status().Keys[1].State);
    }

    [Fact]
    public async Task The_last_ready_key_is_never_parked_so_one_refusal_does_not_shut_the_provider_out_for_good()
    {
        const string AlsoRefused = "sk-refused-444444";
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("gpt", _ => new ScriptedAnswer.Error(401, "Incorrect API key provided.", Code: "invalid_api_key"));
        models.Script("backup", Scripts.Reply("from the backup"));
        await using var silo = Silo(new FakeTimeProvider(),
        [
            .. Provider("openai", "openai", models.BaseUrl, Refused, AlsoRefused),
            .. Provider("other", "openai", models.BaseUrl, Healthy),
            .. Chain("openai:gpt", "other:backup"),
        ]);

        var first = await silo.RunAsync("one");
        var second = await silo.RunAsync("two");

        Assert.Equal(("from the backup", true), (first.Reply, first.Models.FallbackUsed));
        Assert.Equal(("from the backup", true), (second.Reply, second.Models.FallbackUsed));
        Assert.Equal(ErrorKind.Unauthorized, Assert.Single(second.Models.Errors).Kind);
        Assert.Equal(
            [Refused, AlsoRefused, AlsoRefused],
            models.Requests.Where(request => request.Model == "gpt").Select(request => request.Authorization!["Bearer ".Length..]));
        Assert.Equal([ProviderKeyState.Parked, ProviderKeyState.Ready], silo.Status().Keys.Select(key => key.State));
    }

    [Fact]
    public async Task A_model_resting_on_every_key_is_skipped_without_a_request_while_another_model_on_the_same_key_still_answers()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("gpt", Scripts.RateLimited(retryAfterSeconds: 30)).Script("gpt-mini", Scripts.Reply("from the mini model"));
        var clock = new FakeTimeProvider();
        await using var silo = Silo(clock, [.. Provider("openai", "openai", models.BaseUrl, Healthy), .. Chain("openai:gpt", "openai:gpt-mini")]);

        var first = await silo.RunAsync("one");
        var second = await silo.RunAsync("two");
        clock.Advance(TimeSpan.FromSeconds(31));
        var third = await silo.RunAsync("three");

        Assert.All([first, second, third], turn => Assert.Equal("from the mini model", turn.Reply));
        Assert.Equal(2, models.RequestsFor("gpt"));
        Assert.Contains("openai:gpt is rate-limited until", Assert.Single(second.Models.Errors).Message);
    }

    private static PipelineSilo Silo(FakeTimeProvider clock, IEnumerable<KeyValuePair<string, string?>> settings) => new(clock, settings);

    /// <summary>The silo's model services (as <c>AddHermesSessions</c> registers them) on a fake clock, and one agent without MCP.</summary>
    private sealed class PipelineSilo : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly SessionAgent _agent;
        private readonly AgentBlueprint _blueprint;

        public PipelineSilo(FakeTimeProvider clock, IEnumerable<KeyValuePair<string, string?>> settings)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);
            _services = services.AddHermesSessions(configuration).BuildServiceProvider();
            var agents = _services.GetRequiredService<IAgentFactory>();
            _blueprint = agents.Describe(modelOverride: null)!;
            _agent = agents.Create(_blueprint, new McpSessionHandles(_ => Task.CompletedTask, "none", []));
        }

        public Task<AgentTurn> RunAsync(string text) => _agent.RunAsync([], text, report: null, CancellationToken.None);

        public ProviderStatus Status() => _services.GetRequiredService<IAgentFactory>().Providers(_blueprint)[0];

        public async ValueTask DisposeAsync()
        {
            _agent.Dispose();
            await _services.DisposeAsync();
        }
    }
}
