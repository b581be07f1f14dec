using System.Diagnostics;

namespace Hermes.ServiceDefaults.Telemetry;

/// <summary>The names under which Hermes and the libraries it builds on publish metrics and traces.</summary>
public static class HermesTelemetry
{
    /// <summary>Name of the <see cref="System.Diagnostics.Metrics.Meter"/> and the <see cref="ActivitySource"/>.</summary>
    public const string Name = "Hermes";

    /// <summary>
    /// Microsoft.Extensions.AI's GenAI telemetry (model-call spans, token and duration histograms, tool-execution spans);
    /// the agent's model clients publish under this name, which is also the library's default.
    /// </summary>
    public const string GenAISourceName = "Experimental.Microsoft.Extensions.AI";

    /// <summary>The MCP C# SDK's activity source and meter (MCP requests; it enriches the tool-execution span).</summary>
    public const string McpSourceName = "Experimental.ModelContextProtocol";

    /// <summary>Orleans' meter; its activity sources are all named <c>Microsoft.Orleans.*</c>.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    public static readonly ActivitySource ActivitySource = new(Name);
}
