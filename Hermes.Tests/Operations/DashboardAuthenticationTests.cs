using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hermes.Silo.Dashboard;
using Hermes.Silo.Health;
using Hermes.Silo.Hosting;
using Hermes.Tests.Infrastructure;

namespace Hermes.Tests.Operations;

/// <summary>The dashboard's credentials on a real silo web host, and the startup error when they are missing.</summary>
public sealed class DashboardAuthenticationTests
{
    [Fact]
    public async Task With_credentials_configured_every_dashboard_endpoint_asks_for_them_and_the_probes_do_not()
    {
        await using var silo = await TestSilo.StartAsync([new("Hermes:Dashboard:Username", "ops"), new("Hermes:Dashboard:Password", "s3cret")]);
        string[] dashboardPaths = ["/", "/GrainTypes", "/GrainState?grainType=x&grainId=y", "/Trace", "/ClusterStats"];

        foreach (var path in dashboardPaths)
        {
            using var anonymous = await silo.Http.GetAsync(HermesDashboardOptions.Path + path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
            using var wrong = await SendAsync(silo, HermesDashboardOptions.Path + path, "ops:guess");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var page = await SendAsync(silo, HermesDashboardOptions.Path + "/", "ops:s3cret");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var grainTypes = await SendAsync(silo, HermesDashboardOptions.Path + "/GrainTypes", "ops:s3cret");
        Assert.Contains("Hermes.Grains.Sessions.SessionGrain", await grainTypes.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await silo.StatusOfAsync(HealthEndpoints.ReadyPath));
        Assert.Equal(HttpStatusCode.OK, await silo.StatusOfAsync(HealthEndpoints.LivePath));
    }

    [Fact]
    public void A_silo_told_to_listen_beyond_loopback_without_dashboard_credentials_fails_to_build_with_a_clear_error()
    {
        // The check runs before anything binds, so nothing listens on all interfaces here.
        var builder = HermesSiloHost.CreateBuilder(["--urls=http://0.0.0.0:8080", "--Logging:LogLevel:Default=Warning"]);

        var error = Assert.Throws<InvalidOperationException>(() => HermesSiloHost.Build(builder));

        Assert.Contains("would be reachable without authentication on http://0.0.0.0:8080", error.Message);
        Assert.Contains("Hermes:Dashboard:Password", error.Message);
    }

    private static async Task<HttpResponseMessage> SendAsync(TestSilo silo, string path, string credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return await silo.Http.SendAsync(request);
    }
}
