using System.Text.Json;
using Hermes.Contracts.Mcp;
using Hermes.Grains.Mcp;
using Hermes.Tests.Infrastructure;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Mcp;

public sealed class McpEnvironmentTests
{
    [Fact]
    public async Task A_stdio_server_sees_only_its_configured_environment_and_the_safe_base_never_the_silos_secrets()
    {
        var secretVariable = $"HERMES_TEST_SECRET_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(secretVariable, "never-leaves-the-silo");
        try
        {
            await using var models = await ScriptedModelServer.StartAsync();
            models.Script("tool-user", Scripts.CallToolThenQuote("mcp__everything__get-env", "{}"));
            await using var cluster = await StartAsync(
            [
                .. ModelSettings(models, "tool-user"),
                .. McpServers.Everything("everything", Guid.NewGuid().ToString("N")),
                new("Hermes:Mcp:Servers:everything:env:GREETING", "configured"),
            ]);

            var reply = (await cluster.Session(TestSessions.NewKey()).SendAsync("show your environment")).Reply;

            var environment = JsonSerializer.Deserialize<Dictionary<string, string>>(reply["The tool said: ".Length..])!;
            Assert.Equal("configured", environment["GREETING"]);
            Assert.Equal(Environment.GetEnvironmentVariable("PATH"), environment["PATH"]);
            Assert.StartsWith($"{Environment.ProcessId}.", environment[McpProcessTracker.MarkerVariable]);
            Assert.DoesNotContain(secretVariable, environment.Keys);
            Assert.DoesNotContain("OPENAI_API_KEY", environment.Keys);
        }
        finally
        {
            Environment.SetEnvironmentVariable(secretVariable, null);
        }
    }
}
