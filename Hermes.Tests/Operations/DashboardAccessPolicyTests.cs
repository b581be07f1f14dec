using Hermes.Silo.Dashboard;
using Microsoft.Extensions.Configuration;

namespace Hermes.Tests.Operations;

/// <summary>The rule that keeps the dashboard behind credentials whenever it is reachable beyond loopback.</summary>
public sealed class DashboardAccessPolicyTests
{
    private static readonly HermesDashboardOptions NoCredentials = new();
    private static readonly HermesDashboardOptions WithCredentials = new() { Username = "ops", Password = "s3cret" };

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    public void On_loopback_the_dashboard_is_open_without_credentials(string url) =>
        Assert.Equal(DashboardAccess.Anonymous, DashboardAccessPolicy.Decide(NoCredentials, [url]));

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://silo.example:8080")]
    public void Beyond_loopback_without_credentials_the_silo_refuses_to_start_and_says_what_to_set(string url)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DashboardAccessPolicy.Decide(NoCredentials, ["http://127.0.0.1:9000", url]));
        Assert.Contains(url, error.Message);
        Assert.Contains("Hermes__Dashboard__Password", error.Message);
    }

    [Fact]
    public void With_credentials_the_dashboard_always_asks_for_them() =>
        Assert.Equal(DashboardAccess.Authenticated, DashboardAccessPolicy.Decide(WithCredentials, ["http://127.0.0.1:8080"]));

    [Fact]
    public void An_operator_whose_proxy_authenticates_may_serve_it_anonymously() =>
        Assert.Equal(DashboardAccess.Anonymous, DashboardAccessPolicy.Decide(new HermesDashboardOptions { AllowAnonymous = true }, ["http://+:8080"]));

    [Fact]
    public void A_disabled_dashboard_is_not_mapped_wherever_the_silo_listens() =>
        Assert.Equal(DashboardAccess.Disabled, DashboardAccessPolicy.Decide(new HermesDashboardOptions { Enabled = false }, ["http://+:8080"]));

    [Fact]
    public void Half_a_pair_of_credentials_is_an_error() =>
        Assert.Throws<InvalidOperationException>(() => DashboardAccessPolicy.Decide(new HermesDashboardOptions { Username = "ops" }, ["http://127.0.0.1:8080"]));

    [Theory]
    [InlineData("urls", "http://127.0.0.1:8080;http://+:9090", "http://127.0.0.1:8080|http://+:9090")]
    [InlineData("http_ports", "8080", "http://*:8080")]
    [InlineData("Kestrel:Endpoints:web:Url", "http://0.0.0.0:8080", "http://0.0.0.0:8080")]
    [InlineData("unrelated", "x", "http://localhost:5000")]
    public void The_listening_addresses_are_read_as_Kestrel_reads_them(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        Assert.Equal(expected.Split('|'), ListeningAddresses.From(configuration));
    }
}
