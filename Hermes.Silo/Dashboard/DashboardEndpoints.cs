using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Hermes.Silo.Dashboard;

/// <summary>Maps the Orleans dashboard into the silo's web host, behind authentication whenever <see cref="DashboardAccessPolicy"/> says so.</summary>
public static class DashboardEndpoints
{
    private const string PolicyName = "HermesDashboard";

    public static IServiceCollection AddDashboardAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HermesDashboardOptions>().Bind(configuration.GetSection(HermesDashboardOptions.SectionName));
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(BasicAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return services;
    }

    /// <exception cref="InvalidOperationException">The dashboard would be reachable beyond loopback without authentication.</exception>
    public static DashboardAccess MapHermesDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<HermesDashboardOptions>>().Value;
        var access = DashboardAccessPolicy.Decide(options, ListeningAddresses.From(app.Configuration));
        if (access == DashboardAccess.Disabled)
        {
            return access;
        }

        var dashboard = app.MapOrleansDashboard(routePrefix: HermesDashboardOptions.Path);
        if (access == DashboardAccess.Authenticated)
        {
            dashboard.RequireAuthorization(PolicyName);
        }

        return access;
    }
}
