using System.Diagnostics;
using Hermes.Contracts.Mcp;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Mcp;
using Hermes.Grains.Sessions;
using Hermes.Grains.Telemetry;
using Hermes.ServiceDefaults.Telemetry;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Operations;

/// <summary>
/// What an OpenTelemetry backend receives from a real silo and a real front-end after scripted turns: the Hermes
/// instruments with their values, and one trace from the front-end's call down to the MCP tool.
/// </summary>
[Collection(ProcessWideTelemetryCollection.Name)]
public sealed class TelemetryTests(ITestOutputHelper output)
{
    private static readonly string EchoTool = McpToolName.For("everything", "echo");

    [Fact]
    public async Task Scripted_turns_show_in_the_Hermes_instruments_and_in_one_trace_from_the_client_call_to_the_mcp_tool()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("bad-primary", Scripts.InvalidModel("bad-primary"))
            .Script("good-fallback", Scripts.CallToolThenQuote(EchoTool, """{"message":"traced"}"""));
        var siloSpans = new ExportedItems<Activity>();
        var metrics = new ExportedItems<MetricSnapshot>();

        // The silo's clock stands still, so the broken server's reconnect backoff never elapses between the two turns,
        // however slow the machine: one connect attempt, one failure.
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(
            [
                .. ModelSettings(models, "bad-primary", "good-fallback"),
                .. McpServers.Everything("everything", Guid.NewGuid().ToString("N")),
                new("Hermes:Mcp:Servers:broken:Command", "false"),
                // One failed start of the broken server, whatever the time between the turns.
                new("Hermes:Mcp:ReconnectBaseDelay", "00:10:00"),
                new("Hermes:Mcp:ReconnectMaxDelay", "00:10:00"),
            ],
            configure: builder => builder.Services
                .AddSingleton<TimeProvider>(time)
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(siloSpans))
                .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)));
        var frontEndSpans = new ExportedItems<Activity>();
        await using var frontEnd = await FrontEnd.StartAsync(
            [silo],
            builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(frontEndSpans)));
        var session = frontEnd.Client.GetSessionGrain(TestSessions.NewKey());

        var turns = new[] { await session.SendAsync("first"), await session.SendAsync("second") };

        Assert.All(turns, turn => Assert.Equal("The tool said: Echo: traced", turn.Reply));
        silo.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var exported = Latest(metrics.Snapshot());
        PrintHermesMetrics(exported);
        Assert.Equal(2, Sum(exported, "hermes.turns", ("outcome", "Completed")));
        Assert.Equal(2, Count(exported, "hermes.turn.duration", ("outcome", "Completed")));
        Assert.Equal(2, Sum(exported, "hermes.agents.created"));
        Assert.Equal(2, Sum(exported, "hermes.agents.dropped", ("reason", nameof(AgentDropReason.FallbackSucceeded))));
        Assert.Equal(2, Sum(exported, "hermes.model.fallback_activations", ("model", "good-fallback")));
        Assert.Equal(2, Sum(exported, "hermes.model.errors", ("class", nameof(ErrorKind.ModelUnavailable)), ("model", "bad-primary")));
        Assert.Equal(1, Sum(exported, "hermes.mcp.connections.opened", ("server", "everything")));
        Assert.Equal(1, Sum(exported, "hermes.mcp.connections.live", ("server", "everything")));
        Assert.Equal(1, LastValue(exported, "hermes.mcp.processes.live"));
        Assert.Equal(1, Sum(exported, "hermes.mcp.connect_failures", ("server", "broken")));
        Assert.Contains(exported, metric => metric.MeterName == HermesTelemetry.GenAISourceName && metric.Name == "gen_ai.client.operation.duration");
        Assert.Contains(exported, metric => metric.MeterName == HermesTelemetry.OrleansMeterName);

        silo.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var spans = siloSpans.Snapshot();
        var toolSpans = spans.Where(span => span.GetTagItem("mcp.method.name") as string == "tools/call").ToArray();
        Assert.Equal(2, toolSpans.Length);
        var chain = AncestryOf(toolSpans[0], spans);
        output.WriteLine("trace of turn 1, from the MCP tool span up:");
        foreach (var span in chain)
        {
            output.WriteLine($"  {span.Source.Name,-40} {span.Kind,-8} {span.DisplayName}");
        }

        Assert.Equal($"execute_tool {EchoTool}", chain[0].DisplayName);
        Assert.Equal("orchestrate_tools", chain[1].DisplayName);
        Assert.Equal(TurnTracing.ActivityName, chain[2].DisplayName);
        Assert.Equal(("Microsoft.Orleans.Application", ActivityKind.Server), (chain[3].Source.Name, chain[3].Kind));
        var clientCall = chain[4];
        Assert.Equal(("Microsoft.Orleans.Application", ActivityKind.Client), (clientCall.Source.Name, clientCall.Kind));
        Assert.Equal(5, chain.Count);
        Assert.Contains(frontEndSpans.Snapshot(), span => span.SpanId == clientCall.SpanId);

        var modelCalls = spans.Where(span => span.ParentSpanId == chain[1].SpanId && span.DisplayName.StartsWith("chat ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["chat bad-primary", "chat good-fallback", "chat good-fallback"], modelCalls.Select(span => span.DisplayName));
        Assert.Equal(ActivityStatusCode.Error, modelCalls[0].Status);
    }

    /// <summary>The span and its parents, nearest first, as far as the exported spans reach.</summary>
    private static List<Activity> AncestryOf(Activity span, IReadOnlyList<Activity> spans)
    {
        var chain = new List<Activity> { span };
        while (spans.FirstOrDefault(candidate => candidate.SpanId == chain[^1].ParentSpanId && candidate.TraceId == span.TraceId) is { } parent)
        {
            chain.Add(parent);
        }

        return chain;
    }

    // The exporter keeps every collection; with cumulative temporality the last one holds the totals.
    private static IReadOnlyList<MetricSnapshot> Latest(IReadOnlyList<MetricSnapshot> snapshots) =>
        [.. snapshots.GroupBy(metric => (metric.MeterName, metric.Name)).Select(group => group.Last())];

    private static long Sum(IReadOnlyList<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Points(metrics, name, tags).Sum(point => point.GetSumLong());

    private static long LastValue(IReadOnlyList<MetricSnapshot> metrics, string name) =>
        Points(metrics, name, []).Sum(point => point.GetGaugeLastValueLong());

    private static long Count(IReadOnlyList<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Points(metrics, name, tags).Sum(point => point.GetHistogramCount());

    private static IEnumerable<MetricPoint> Points(IReadOnlyList<MetricSnapshot> metrics, string name, (string Key, string Value)[] tags) =>
        metrics.Where(metric => metric.MeterName == HermesTelemetry.Name && metric.Name == name)
            .SelectMany(metric => metric.MetricPoints)
            .Where(point => tags.All(tag => TagsOf(point).Any(pair => pair.Key == tag.Key && pair.Value as string == tag.Value)));

    private static List<KeyValuePair<string, object?>> TagsOf(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }

    private void PrintHermesMetrics(IReadOnlyList<MetricSnapshot> metrics)
    {
        output.WriteLine("Hermes instruments after two scripted turns:");
        foreach (var metric in metrics.Where(metric => metric.MeterName == HermesTelemetry.Name).OrderBy(metric => metric.Name))
        {
            foreach (var point in metric.MetricPoints)
            {
                var value = metric.MetricType switch
                {
                    MetricType.Histogram => $"count={point.GetHistogramCount()} sum={point.GetHistogramSum():0.###}",
                    MetricType.LongGauge => point.GetGaugeLastValueLong().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => point.GetSumLong().ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                output.WriteLine($"  {metric.Name}{{{string.Join(',', TagsOf(point).Select(tag => $"{tag.Key}={tag.Value}"))}}} = {value}");
            }
        }
    }
}
