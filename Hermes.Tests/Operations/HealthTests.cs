using System.Net;
using Hermes.Silo.Health;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hermes.Tests.Operations;

/// <summary>The probes of the real silo web host while it starts, runs and stops.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Ready_answers_only_once_the_silo_is_active_and_turns_off_as_soon_as_it_begins_to_stop_while_live_stays_up()
    {
        // One gate holds the silo before it becomes active in its cluster, the other holds it early in its shutdown.
        var joining = new SiloLifecycleGate(ServiceLifecycleStage.ApplicationServices, onStop: false);
        var leaving = new SiloLifecycleGate(ServiceLifecycleStage.Active, onStop: true);
        await using var silo = TestSilo.Create([], configure: builder =>
        {
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(joining);
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(leaving);
        });

        // A web application starts its web server after its other services: nothing answers before the silo is active.
        var starting = silo.StartAsync();
        await joining.Reached;
        await Assert.ThrowsAsync<HttpRequestException>(() => silo.StatusOfAsync(HealthEndpoints.ReadyPath));

        joining.Release();
        await starting;

        // The cluster's membership view learns of the silo's own activation just after its start completes.
        await Poll.UntilAsync(async () => await silo.StatusOfAsync(HealthEndpoints.ReadyPath) == HttpStatusCode.OK, "the silo to answer ready once active");
        Assert.Equal(HttpStatusCode.OK, await silo.StatusOfAsync(HealthEndpoints.LivePath));

        var stopping = silo.StopAsync();
        await leaving.Reached;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await silo.StatusOfAsync(HealthEndpoints.ReadyPath));
        Assert.Equal(HttpStatusCode.OK, await silo.StatusOfAsync(HealthEndpoints.LivePath));

        leaving.Release();
        await stopping;
    }
}
