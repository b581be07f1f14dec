using Hermes.Contracts.Mcp;
using Hermes.Grains.Hosting;
using Hermes.Grains.Mcp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hermes.Tests.Mcp;

public sealed class McpServerOptionsTests
{
    [Fact]
    public void A_server_is_bound_with_the_ancestor_keys_timeout_connect_timeout_and_scope_and_when_it_starts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hermes:Mcp:Servers:files:command"] = "node",
            ["Hermes:Mcp:Servers:files:timeout"] = "0.5",
            ["Hermes:Mcp:Servers:files:connect_timeout"] = "12",
            ["Hermes:Mcp:Servers:files:scope"] = "shared",
            ["Hermes:Mcp:Servers:files:exclude:0"] = "write_file",
            ["Hermes:Mcp:Servers:files:start"] = "with-session",
            ["Hermes:Mcp:Servers:notes:command"] = "node",
        }).Build();

        var options = configuration.GetSection(McpOptions.SectionName).Get<McpOptions>()!;

        var server = options.Servers["files"];
        Assert.Equal(TimeSpan.FromSeconds(0.5), server.CallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), server.ConnectTimeout);
        Assert.Equal(McpServerScope.Shared, server.Scope);
        Assert.False(server.Offers("write_file"));
        Assert.True(server.Offers("read_file"));
        Assert.Equal(McpServerStart.WithSession, server.Start);
        Assert.Equal(McpServerStart.OnFirstCall, options.Servers["notes"].Start);
    }

    [Fact]
    public void A_server_whose_values_cannot_be_read_is_refused_by_name_instead_of_vanishing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hermes:Mcp:Servers:good:command"] = "node",
            ["Hermes:Mcp:Servers:odd:command"] = "node",
            ["Hermes:Mcp:Servers:odd:scope"] = "global",
            ["Hermes:Mcp:Servers:late:url"] = "http://127.0.0.1:1/mcp",
            ["Hermes:Mcp:Servers:late:timeout"] = "soon",
            ["Hermes:Mcp:Servers:eager:command"] = "node",
            ["Hermes:Mcp:Servers:eager:start"] = "at-once",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddHermesSessions(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<McpOptions>>().Value);

        Assert.Equal(
            ["MCP server 'eager' could not be read: check its values (scope is 'session' or 'shared'; start is 'on-first-call' or 'with-session'; timeout and connect_timeout are seconds).",
             "MCP server 'late' could not be read: check its values (scope is 'session' or 'shared'; start is 'on-first-call' or 'with-session'; timeout and connect_timeout are seconds).",
             "MCP server 'odd' could not be read: check its values (scope is 'session' or 'shared'; start is 'on-first-call' or 'with-session'; timeout and connect_timeout are seconds)."],
            failure.Failures.Order());
    }
}
