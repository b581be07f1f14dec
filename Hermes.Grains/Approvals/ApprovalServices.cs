using Hermes.Grains.Mcp;
using Microsoft.Extensions.Options;

namespace Hermes.Grains.Approvals;

/// <summary>What a session's tool approvals need from the silo: the policies in the MCP server entries, the approval settings and the meter.</summary>
public sealed class ApprovalServices(IOptionsMonitor<McpOptions> mcp, IOptionsMonitor<ApprovalOptions> options, ApprovalMetrics metrics)
{
    public IReadOnlyDictionary<string, McpServerOptions> Servers => mcp.CurrentValue.Servers;

    public ApprovalOptions Options => options.CurrentValue;

    public ApprovalMetrics Metrics => metrics;
}
