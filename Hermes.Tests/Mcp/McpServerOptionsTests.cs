using Hermes.Grains.Mcp;
using Microsoft.Extensions.Configuration;

namespace Hermes.Tests.Mcp;

public sealed class McpServerOptionsTests
{
    [Fact]
    public void A_server_is_bound_with_the_ancestor_keys_timeout_connect_timeout_and_scope()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hermes:Mcp:Servers:files:command"] = "node",
            ["Hermes:Mcp:Servers:files:timeout"] = "0.5",
            ["Hermes:Mcp:Servers:files:connect_timeout"] = "12",
            ["Hermes:Mcp:Servers:files:scope"] = "shared",
            ["Hermes:Mcp:Servers:files:exclude:0"] = "write_file",
        }).Build();

        var options = configuration.GetSection(McpOptions.SectionName).Get<McpOptions>()!;

        var server = Assert.Single(options.Servers).Value;
        Assert.Equal(TimeSpan.FromSeconds(0.5), server.CallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), server.ConnectTimeout);
        Assert.Equal(McpServerScope.Shared, server.Scope);
        Assert.False(server.Offers("write_file"));
        Assert.True(server.Offers("read_file"));
    }
}
