using Hermes.Client.Api;
using Hermes.Client.Api.Retries;
using Hermes.Contracts.Sessions;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hermes.Tests.FrontEnds;

/// <summary>
/// One silo, the real API host in front of it (its retry recognizer on a <see cref="FakeTimeProvider"/>) and a front-end client for
/// reading sessions, shared by a test class. The model <c>primary</c> answers "re: {message}" unless a test scripts it
/// otherwise; each test uses conversations of its own.
/// </summary>
public sealed class ApiClusterFixture : IAsyncLifetime
{
    public ScriptedModelServer Models { get; private set; } = null!;

    public TestSilo Silo { get; private set; } = null!;

    public ApiHost Api { get; private set; } = null!;

    public FakeTimeProvider ApiTime { get; } = new();

    private FrontEnd _reader = null!;

    public async Task InitializeAsync()
    {
        Models = await ScriptedModelServer.StartAsync();
        Models.Script("primary", request => new ScriptedAnswer.Text($"re: {request.LastUserText}"));
        Silo = await TestSilo.StartAsync(HermesCluster.ModelSettings(Models, "primary"));
        // Only the retry recognizer runs on the fake clock; the host's Orleans client keeps real time.
        Api = await ApiHost.StartAsync(Silo.GatewayPort, builder => builder.Services.AddSingleton(services =>
            new RetryRecognizer(ApiTime, services.GetRequiredService<IOptionsMonitor<ApiOptions>>())));
        _reader = await FrontEnd.StartAsync([Silo]);
    }

    /// <summary>The session behind a conversation of <see cref="ApiHost.KeyHolder"/>.</summary>
    public ISessionGrain Session(string conversation) => _reader.Client.GetSessionGrain(SessionKey.ForDm("api", $"{ApiHost.KeyHolder}/{conversation}"));

    public async Task DisposeAsync()
    {
        await _reader.DisposeAsync();
        await Api.DisposeAsync();
        await Silo.DisposeAsync();
        await Models.DisposeAsync();
    }
}
