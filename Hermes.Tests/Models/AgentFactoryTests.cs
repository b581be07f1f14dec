using Hermes.Grains.Agents;
using Hermes.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hermes.Tests.Models;

/// <summary>The blueprints the real agent factory describes, as the configuration changes under a running silo.</summary>
public sealed class AgentFactoryTests : IDisposable
{
    private readonly IConfigurationRoot _configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Hermes:Model:BaseUrl"] = "http://127.0.0.1:9/v1",
        ["Hermes:Model:Primary"] = "primary",
        ["Hermes:Model:Fallbacks:0"] = "fallback",
        ["Hermes:Model:NeverDowngrade:0"] = "vip:*",
    }).Build();

    private readonly ServiceProvider _services;
    private readonly IAgentFactory _agents;

    public AgentFactoryTests()
    {
        _services = new ServiceCollection().AddLogging().AddHermesSessions(_configuration).BuildServiceProvider();
        _agents = _services.GetRequiredService<IAgentFactory>();
    }

    [Fact]
    public void A_configuration_reload_is_seen_by_the_next_description()
    {
        var before = _agents.Describe(modelOverride: null, "console:dm:alice")!;

        _configuration["Hermes:Model:Primary"] = "replacement";
        _configuration.Reload();
        var after = _agents.Describe(modelOverride: null, "console:dm:alice")!;

        Assert.Equal("primary", before.Primary);
        Assert.Equal("replacement", after.Primary);
        Assert.NotEqual(before.Signature, after.Signature);
    }

    [Fact]
    public void Sessions_are_described_by_their_own_override_and_route()
    {
        var plain = _agents.Describe(modelOverride: null, "console:dm:alice")!;
        var chosen = _agents.Describe("chosen", "console:dm:alice")!;
        var neverDowngrades = _agents.Describe(modelOverride: null, "vip:dm:bob")!;

        Assert.Equal(["primary", "fallback"], plain.Models.Select(link => link.Model));
        Assert.Equal(["chosen", "primary", "fallback"], chosen.Models.Select(link => link.Model));
        Assert.Equal(["primary"], neverDowngrades.Models.Select(link => link.Model));
        Assert.True(neverDowngrades.NeverDowngrade);
        Assert.Equal(plain.Signature, _agents.Describe(modelOverride: null, "console:dm:carol")!.Signature);
    }

    public void Dispose() => _services.Dispose();
}
