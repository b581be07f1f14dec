using Hermes.Contracts.Mcp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Mcp;

/// <summary>
/// Refuses an MCP configuration the binder could not read. The binder leaves out a server with a value it cannot
/// convert (a <c>scope</c> of "global", a <c>timeout</c> of "soon") without a word; without this check the server would
/// simply never exist.
/// </summary>
public sealed class McpOptionsValidator(IConfiguration mcpSection) : IValidateOptions<McpOptions>
{
    public ValidateOptionsResult Validate(string? name, McpOptions options)
    {
        var failures = mcpSection.GetSection(nameof(McpOptions.Servers)).GetChildren()
            .Where(server => !options.Servers.ContainsKey(server.Key))
            .Select(server => $"MCP server '{server.Key}' could not be read: check its values (scope is 'session' or 'shared'; start is 'on-first-call' or 'with-session'; timeout and connect_timeout are seconds).")
            .ToList();
        if (options.ReconnectBaseDelay <= TimeSpan.Zero || options.ReconnectMaxDelay < options.ReconnectBaseDelay)
        {
            failures.Add("Hermes:Mcp:ReconnectBaseDelay must be positive and no longer than Hermes:Mcp:ReconnectMaxDelay.");
        }

        if (options.IdleTimeout <= TimeSpan.Zero || options.SweepInterval <= TimeSpan.Zero)
        {
            failures.Add("Hermes:Mcp:IdleTimeout and Hermes:Mcp:SweepInterval must be positive.");
        }

        if (options.SharedIdleTimeout < TimeSpan.Zero)
        {
            failures.Add("Hermes:Mcp:SharedIdleTimeout must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
