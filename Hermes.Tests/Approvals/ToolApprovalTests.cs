using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Hermes.Contracts.Approvals;
using Hermes.Contracts.Sessions;
using Hermes.ServiceDefaults.Telemetry;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Approvals;

/// <summary>A person decides before a tool acts: the turn pauses before the call and resumes, under the same call id, once decided.</summary>
public sealed class ToolApprovalTests
{
    private const string Record = "mcp__recorder__record";
    private const string Peek = "mcp__recorder__peek";

    [Fact]
    public async Task An_ask_tool_pauses_the_turn_and_runs_once_after_approve_under_the_same_call_id()
    {
        await using var setup = await Setup.StartAsync(("approval", "ask"));
        var session = setup.Cluster.Session(TestSessions.NewKey());

        var paused = await session.SendAsync("remember milk");

        Assert.Equal(TurnOutcome.AwaitingApproval, paused.Outcome);
        var pending = Assert.Single(paused.PendingApprovals);
        Assert.Equal((Record, """{"note":"remember milk"}"""), (pending.ToolName, pending.ArgumentsJson));
        Assert.Contains("/approve", paused.Reply);
        Assert.Single(setup.Models.Requests);
        Assert.Equal(0, setup.Calls);
        Assert.Equal(pending, Assert.Single((await session.GetSnapshotAsync()).PendingApprovals));

        var approved = await session.SendAsync("/approve");

        Assert.Equal((TurnOutcome.Completed, "The tool said: recorded: remember milk"), (approved.Outcome, approved.Reply));
        Assert.Equal(1, setup.Calls);
        var resumed = setup.Models.Requests[^1];
        Assert.Equal("recorded: remember milk", resumed.LastToolResult);
        Assert.Equal(pending.CallId, (string?)resumed.Messages[^1]!["tool_call_id"]);
        Assert.Equal(pending.CallId, (string?)resumed.Messages[^2]!["tool_calls"]![0]!["id"]);
        Assert.True((await session.GetSnapshotAsync()).PendingApprovals.IsDefaultOrEmpty);

        // Answered twice (another front-end, a retried request): nothing more runs.
        var again = await session.SendAsync($"/approve {pending.Id}");
        Assert.Equal("Nothing is waiting for approval.", again.Reply);
        Assert.Equal(1, setup.Calls);
        Assert.Equal(2, setup.Models.Requests.Count);

        // The transcript holds the call and its result, no approval items; the next turn's model context replays cleanly.
        var transcript = await session.GetTranscriptAsync(10);
        Assert.Equal([TranscriptRole.User, TranscriptRole.Assistant, TranscriptRole.Tool, TranscriptRole.Assistant], transcript.Select(message => message.Role));
    }

    [Fact]
    public async Task Deny_gives_the_model_a_refusal_with_the_reason_and_the_tool_never_runs()
    {
        await using var setup = await Setup.StartAsync(("approval", "ask"));
        var session = setup.Cluster.Session(TestSessions.NewKey());
        using var deniedCount = setup.Metric("hermes.approvals.denied");
        var paused = await session.SendAsync("remember eggs");

        var denied = await session.SendAsync($"/deny {paused.PendingApprovals[0].Id} not today");

        Assert.Equal(TurnOutcome.Completed, denied.Outcome);
        var refusal = setup.Models.Requests[^1].LastToolResult;
        Assert.Contains("rejected", refusal);
        Assert.Contains("not today", refusal);
        Assert.Equal(0, setup.Calls);
        Assert.Equal(1, deniedCount.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Ask_once_asks_at_the_first_call_of_the_session_only()
    {
        await using var setup = await Setup.StartAsync(("tool_approval:rec*", "ask-once"));
        var session = setup.Cluster.Session(TestSessions.NewKey());

        Assert.Equal(TurnOutcome.AwaitingApproval, (await session.SendAsync("one")).Outcome);
        Assert.Equal("The tool said: recorded: one", (await session.SendAsync("/approve")).Reply);
        var second = await session.SendAsync("two");

        Assert.Equal((TurnOutcome.Completed, "The tool said: recorded: two"), (second.Outcome, second.Reply));
        Assert.Equal(2, setup.Calls);

        // Another session asks again.
        Assert.Equal(TurnOutcome.AwaitingApproval, (await setup.Cluster.Session(TestSessions.NewKey()).SendAsync("three")).Outcome);
    }

    [Fact]
    public async Task A_denied_tool_is_not_offered_to_the_model_and_tools_lists_it_as_denied()
    {
        await using var setup = await Setup.StartAsync(("tool_approval:record", "deny"));
        var session = setup.Cluster.Session(TestSessions.NewKey());

        await session.SendAsync("hello");

        var request = setup.Models.Requests[0];
        Assert.Contains(Peek, request.ToolNames);
        Assert.DoesNotContain(Record, request.ToolNames);
        var tools = (await session.SendAsync("/tools")).Reply;
        Assert.Contains($"{Record}: deny", tools);
        Assert.Contains($"{Peek}: allow", tools);

        // The user cannot lift the operator's deny, but may deny more.
        await session.SendAsync($"/allow {Record}");
        await session.SendAsync($"/deny {Peek}");
        await session.SendAsync("hello again");
        Assert.DoesNotContain(Record, setup.Models.Requests[^1].ToolNames);
        Assert.DoesNotContain(Peek, setup.Models.Requests[^1].ToolNames);
    }

    [Fact]
    public async Task Only_the_sender_or_an_operator_may_decide()
    {
        await using var setup = await Setup.StartAsync(("approval", "ask"));
        var session = setup.Cluster.Session(TestSessions.NewKey());
        ApprovalCaller.SetSender("alice");
        var paused = await session.SendAsync("remember tea");
        Assert.Equal("alice", paused.PendingApprovals[0].MayDecide);

        ApprovalCaller.SetSender("mallory");
        var refused = await session.SendAsync("/approve");

        Assert.StartsWith("Only the user", refused.Reply);
        Assert.Equal(0, setup.Calls);
        ApprovalCaller.SetOperator();
        Assert.Equal("The tool said: recorded: remember tea", (await session.SendAsync("/approve")).Reply);
        Assert.Equal(1, setup.Calls);
    }

    [Fact]
    public async Task A_new_message_while_pending_denies_it_and_goes_on()
    {
        await using var setup = await Setup.StartAsync(("approval", "ask"));
        var session = setup.Cluster.Session(TestSessions.NewKey());
        await session.SendAsync("remember bread");

        var next = await session.SendAsync("never mind");

        Assert.Contains("Denied because a new message came", next.Notice);
        Assert.Equal(0, setup.Calls);

        // No model call ends the paused turn: the new message's request carries the refused call before it.
        Assert.Equal(2, setup.Models.Requests.Count);
        var messages = setup.Models.Requests[1].Messages.OfType<JsonObject>().ToList();
        Assert.Equal(["user", "assistant", "tool", "user"], messages.Select(message => (string?)message["role"]).Where(role => role != "system"));
        Assert.Contains("rejected", (string?)messages.Single(message => (string?)message["role"] == "tool")["content"]);
        Assert.Equal(TurnOutcome.AwaitingApproval, next.Outcome);
        Assert.Equal("""{"note":"never mind"}""", next.PendingApprovals[0].ArgumentsJson);
    }

    [Fact]
    public async Task An_approval_nobody_answers_in_time_counts_as_denied()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var setup = await Setup.StartAsync([new("approval", "ask")], [new("Hermes:Approvals:Timeout", "00:10:00")], time);
        var session = setup.Cluster.Session(TestSessions.NewKey());
        using var requested = setup.Metric("hermes.approvals.requested");
        using var expired = setup.Metric("hermes.approvals.expired");
        var paused = await session.SendAsync("remember jam");

        time.Advance(TimeSpan.FromMinutes(11));

        Assert.True((await session.GetSnapshotAsync()).PendingApprovals.IsDefaultOrEmpty);
        var late = await session.SendAsync($"/approve {paused.PendingApprovals[0].Id}");
        Assert.Contains("Nobody decided in time", late.Notice);
        Assert.Contains("rejected", setup.Models.Requests[^1].LastToolResult);
        Assert.Equal(0, setup.Calls);
        Assert.Equal((1, 1), (requested.GetMeasurementSnapshot().EvaluateAsCounter(), expired.GetMeasurementSnapshot().EvaluateAsCounter()));
    }

    [Fact]
    public async Task Users_lift_a_policy_only_where_the_operator_lets_them_and_approve_always_allows_the_tool_for_the_session()
    {
        await using var strict = await Setup.StartAsync(("approval", "ask"));
        var session = strict.Cluster.Session(TestSessions.NewKey());
        await session.SendAsync("/approve");
        await session.SendAsync("first");
        await session.SendAsync("/approve");

        Assert.Contains("does not let users lift", (await session.SendAsync($"/allow {Record}")).Reply);
        Assert.Equal(TurnOutcome.AwaitingApproval, (await session.SendAsync("second")).Outcome);
        Assert.Equal("The tool said: recorded: second", (await session.SendAsync("/approve always")).Reply);
        Assert.Equal(TurnOutcome.Completed, (await session.SendAsync("third")).Outcome);
        Assert.Equal(3, strict.Calls);

        await using var lenient = await Setup.StartAsync(("approval", "ask"), ("user_may_allow", "true"));
        var other = lenient.Cluster.Session(TestSessions.NewKey());
        await other.SendAsync("hello");
        await other.SendAsync("/deny");
        Assert.Contains($"{Record}: allow (operator: ask)", (await other.SendAsync($"/allow mcp__recorder__*")).Reply);
        Assert.Equal("The tool said: recorded: again", (await other.SendAsync("again")).Reply);
    }

    [Fact]
    public async Task A_streamed_turn_reports_each_pending_approval_before_its_result()
    {
        await using var setup = await Setup.StartAsync(("approval", "ask"));
        var session = setup.Cluster.Session(TestSessions.NewKey());

        var updates = await session.StreamAsync("remember rice").ToListAsync();

        var requested = Assert.Single(updates.OfType<ApprovalRequested>());
        var finished = Assert.IsType<TurnFinished>(updates[^1]);
        Assert.Equal(requested.Approval, Assert.Single(finished.Result.PendingApprovals));
    }

    [Fact]
    public async Task By_configuration_a_new_message_leaves_the_approval_waiting_and_asks_again()
    {
        await using var setup = await Setup.StartAsync([new("approval", "ask")], [new("Hermes:Approvals:OnNewMessage", "Remind")], null);
        var session = setup.Cluster.Session(TestSessions.NewKey());
        var paused = await session.SendAsync("remember salt");

        var reminded = await session.SendAsync("hello?");

        Assert.Equal(TurnOutcome.AwaitingApproval, reminded.Outcome);
        Assert.Equal(paused.PendingApprovals[0], Assert.Single(reminded.PendingApprovals));
        Assert.Single(setup.Models.Requests);
        Assert.Equal("The tool said: recorded: remember salt", (await session.SendAsync("/approve")).Reply);
    }

    /// <summary>A cluster whose model calls the recorder's <c>record</c> with the user's text, then quotes the result.</summary>
    private sealed class Setup : IAsyncDisposable
    {
        private readonly TempFolder _folder = new();

        private Setup(ScriptedModelServer models) => Models = models;

        public ScriptedModelServer Models { get; }

        /// <summary>Collects an instrument of the silo's Hermes meter from now on.</summary>
        public MetricCollector<long> Metric(string name) => new(Cluster.SiloServices.GetRequiredService<IMeterFactory>(), HermesTelemetry.Name, name);

        public HermesCluster Cluster { get; private set; } = null!;

        /// <summary>How often the recorder's <c>record</c> ran.</summary>
        public int Calls => File.Exists(_folder.File("calls.log")) ? File.ReadAllLines(_folder.File("calls.log")).Length : 0;

        public static Task<Setup> StartAsync(params (string Key, string Value)[] policy) =>
            StartAsync([.. policy.Select(entry => new KeyValuePair<string, string?>(entry.Key, entry.Value))], [], null);

        public static async Task<Setup> StartAsync(
            IEnumerable<KeyValuePair<string, string?>> policy, IEnumerable<KeyValuePair<string, string?>> settings, TimeProvider? time)
        {
            var models = await ScriptedModelServer.StartAsync();
            models.Script("primary", request => request.LastToolResult is { } result
                ? new ScriptedAnswer.Text($"The tool said: {result}")
                : new ScriptedAnswer.ToolCall(Record, new JsonObject { ["note"] = request.LastUserText }.ToJsonString()));
            var setup = new Setup(models);
            setup.Cluster = await HermesCluster.StartAsync(
                [
                    .. ModelSettings(models, "primary"),
                    .. McpServers.Recorder("recorder", Guid.NewGuid().ToString("N"), setup._folder.File("calls.log")),
                    .. policy.Select(entry => new KeyValuePair<string, string?>($"Hermes:Mcp:Servers:recorder:{entry.Key}", entry.Value)),
                    .. settings,
                ],
                cluster: time is null ? null : builder => builder.ConfigureSiloHost((_, host) => host.Services.AddSingleton(time)));
            return setup;
        }

        public async ValueTask DisposeAsync()
        {
            await Cluster.DisposeAsync();
            await Models.DisposeAsync();
            _folder.Dispose();
        }
    }
}
