using Hermes.Grains.Hosting;
using Hermes.Grains.Telemetry;
using Hermes.ServiceDefaults.Configuration;
using Hermes.ServiceDefaults.Logging;
using Hermes.ServiceDefaults.Telemetry;
using Hermes.Silo.Dashboard;
using Hermes.Silo.Health;
using Hermes.Silo.Lifetime;

namespace Hermes.Silo.Hosting;

/// <summary>
/// The silo as a web host: Orleans with the session grains, the Orleans dashboard, health endpoints and OpenTelemetry.
/// Program.cs runs it; tests start the same host in-process with their own arguments.
/// </summary>
public static class HermesSiloHost
{
    public const string ServiceName = "hermes-silo";

    /// <summary>Where the web host (dashboard, probes) listens when nothing says otherwise: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // appsettings.json sits beside the binary, wherever the silo is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        SiloProfiles.AddDefaults(builder.Configuration);

        // Beneath every source, so that ASPNETCORE_URLS, --urls, Urls in appsettings.json or ASPNETCORE_HTTP_PORTS win.
        if (!ListeningAddresses.Configured(builder.Configuration))
        {
            builder.Configuration.AddBeneath([new(WebHostDefaults.ServerUrlsKey, DefaultUrl)]);
        }

        builder.UseOrleans(silo => OrleansSilo.Configure(silo, builder.Configuration));
        builder.Services.AddHermesSessions(builder.Configuration);
        builder.AddHermesLogging();
        builder.AddHermesOpenTelemetry(ServiceName);
        builder.Services.AddSiloHealthChecks();
        builder.Services.AddSiloLifetime(builder.Configuration);
        builder.Services.AddDashboardAuthentication(builder.Configuration);
        return builder;
    }

    /// <summary>Builds the host and maps its endpoints; fails with a clear message when the dashboard would be exposed without authentication.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        try
        {
            app.MapHealthEndpoints();
            app.MapHermesDashboard();
            return app;
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }
    }
}
