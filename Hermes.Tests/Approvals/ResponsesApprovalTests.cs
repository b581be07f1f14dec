using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hermes.Tests.Infrastructure;
using OpenAI;
using OpenAI.Responses;
using static Hermes.Tests.Infrastructure.HermesCluster;

// The Responses client is marked experimental (OPENAI001) in the OpenAI .NET library; the API it speaks is what these tests check.
#pragma warning disable OPENAI001

namespace Hermes.Tests.Approvals;

/// <summary>
/// Tool approval through the Responses API, driven by the official OpenAI .NET client against the real API host and a
/// real MCP server whose one tool needs approval: the approval request item out, the approval response item in.
/// </summary>
public sealed class ResponsesApprovalTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ScriptedModelServer _models = null!;
    private TestSilo _silo = null!;
    private ApiHost _api = null!;

    private ResponsesClient Responses => new OpenAIClient(new ApiKeyCredential(ApiHost.Key), new OpenAIClientOptions { Endpoint = _api.BaseUrl }).GetResponsesClient();

    private string[] Recorded => File.Exists(_folder.File("calls.log")) ? File.ReadAllLines(_folder.File("calls.log")) : [];

    public async Task InitializeAsync()
    {
        _models = await ScriptedModelServer.StartAsync();
        _models.Script("primary", request => request switch
        {
            { LastToolResult: not null } => new ScriptedAnswer.Text($"The tool said: {string.Join(" | ", ToolResults(request))}"),
            { LastUserText: { } text } when text.StartsWith("both ", StringComparison.Ordinal) => new ScriptedAnswer.ToolCalls(
                [.. text["both ".Length..].Split(" and ").Select(note => new ScriptedAnswer.ToolCall("mcp__recorder__record", new JsonObject { ["note"] = note }.ToJsonString()))]),
            _ => new ScriptedAnswer.ToolCall("mcp__recorder__record", new JsonObject { ["note"] = request.LastUserText }.ToJsonString()),
        });
        _silo = await TestSilo.StartAsync(
        [
            .. ModelSettings(_models, "primary"),
            .. McpServers.Recorder("recorder", Guid.NewGuid().ToString("N"), _folder.File("calls.log")),
            new("Hermes:Mcp:Servers:recorder:approval", "ask"),
        ]);
        _api = await ApiHost.StartAsync(_silo);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _silo.DisposeAsync();
        await _models.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_ask_tool_answers_with_an_approval_request_and_an_approval_runs_it_once_and_the_model_answers()
    {
        var asked = (await Responses.CreateResponseAsync(Create("remember milk"))).Value;
        var request = Assert.IsType<McpToolCallApprovalRequestItem>(Assert.Single(asked.OutputItems));
        Assert.StartsWith("ficc_", request.Id);
        Assert.Equal(("recorder", "record", """{"note":"remember milk"}"""), (request.ServerLabel, request.ToolName, request.ToolArguments.ToString()));
        Assert.Empty(Recorded);

        // Sent twice under one Idempotency-Key, as a client retrying a lost answer would: one decision, one call.
        using var http = Http();
        var body = new { model = "hermes", previous_response_id = asked.Id, input = new[] { new { type = "mcp_approval_response", approval_request_id = request.Id, approve = true } } };
        var first = await PostAsync(http, body, "approve-once");
        var again = await PostAsync(http, body, "approve-once");

        // The same decision as a new request (another key) finds nothing waiting: a 409, and still one call.
        var late = await http.PostAsJsonAsync("responses", body);

        Assert.Equal(["remember milk"], Recorded);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("approval_not_pending", (string?)(await late.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]);
        Assert.Equal((string?)first["id"], (string?)again["id"]);
        var answered = (await Responses.GetResponseAsync((string)first["id"]!)).Value;
        Assert.Equal("The tool said: recorded: remember milk", answered.GetOutputText());
        Assert.Equal(asked.Id, answered.PreviousResponseId);
        Assert.Equal(["mcp_call", "message"], first["output"]!.AsArray().Select(item => (string?)item!["type"]));

        // The chain goes on from the answer, in the same session.
        var next = (await Responses.CreateResponseAsync(Create("remember bread", answered.Id))).Value;
        Assert.IsType<McpToolCallApprovalRequestItem>(Assert.Single(next.OutputItems));
    }

    [Fact]
    public async Task A_refusal_runs_nothing_and_the_model_answers_with_the_refusal()
    {
        var asked = (await Responses.CreateResponseAsync(Create("remember tea"))).Value;
        var request = Assert.IsType<McpToolCallApprovalRequestItem>(Assert.Single(asked.OutputItems));
        var decision = ResponseItem.CreateMcpApprovalResponseItem(request.Id, approved: false);
        decision.Reason = "not today";
        var options = new CreateResponseOptions { Model = "hermes", PreviousResponseId = asked.Id };
        options.InputItems.Add(decision);

        var answered = (await Responses.CreateResponseAsync(options)).Value;

        Assert.Empty(Recorded);
        Assert.StartsWith("The tool said: Tool call invocation was rejected", answered.GetOutputText());
        Assert.Contains("not today", answered.GetOutputText());
    }

    [Fact]
    public async Task Several_approval_responses_in_one_request_decide_several_calls_and_the_turn_resumes_once()
    {
        var asked = (await Responses.CreateResponseAsync(Create("both apples and pears"))).Value;
        var requests = asked.OutputItems.Cast<McpToolCallApprovalRequestItem>().ToList();
        Assert.Equal(["{\"note\":\"apples\"}", "{\"note\":\"pears\"}"], requests.Select(request => request.ToolArguments.ToString()));
        var options = new CreateResponseOptions { Model = "hermes", PreviousResponseId = asked.Id };
        options.InputItems.Add(ResponseItem.CreateMcpApprovalResponseItem(requests[0].Id, approved: true));
        options.InputItems.Add(ResponseItem.CreateMcpApprovalResponseItem(requests[1].Id, approved: false));

        var answered = (await Responses.CreateResponseAsync(options)).Value;

        Assert.Equal(["apples"], Recorded);
        // One model call after both decisions, with both results (the refusal and the approved call's).
        Assert.StartsWith("The tool said: ", answered.GetOutputText());
        Assert.Contains("recorded: apples", answered.GetOutputText());
        Assert.Contains("Tool call invocation was rejected", answered.GetOutputText());
        Assert.Single(_models.Requests, request => request.LastToolResult is not null);
    }

    [Fact]
    public async Task A_stream_shows_the_approval_request_item_and_the_streamed_approval_brings_the_answer()
    {
        var options = Create("remember eggs");
        options.StreamingEnabled = true;
        List<StreamingResponseUpdate> updates = [];
        await foreach (var update in Responses.CreateResponseStreamingAsync(options))
        {
            updates.Add(update);
        }

        var added = Assert.Single(updates.OfType<StreamingResponseOutputItemAddedUpdate>());
        var request = Assert.IsType<McpToolCallApprovalRequestItem>(added.Item);
        Assert.IsType<McpToolCallApprovalRequestItem>(Assert.Single(updates.OfType<StreamingResponseOutputItemDoneUpdate>()).Item);
        var asked = Assert.IsType<StreamingResponseCompletedUpdate>(updates[^1]).Response;
        Assert.Equal(request.Id, Assert.IsType<McpToolCallApprovalRequestItem>(Assert.Single(asked.OutputItems)).Id);

        var approval = new CreateResponseOptions { Model = "hermes", PreviousResponseId = asked.Id, StreamingEnabled = true };
        approval.InputItems.Add(ResponseItem.CreateMcpApprovalResponseItem(request.Id, approved: true));
        List<string> deltas = [];
        ResponseResult? answered = null;
        await foreach (var update in Responses.CreateResponseStreamingAsync(approval))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas.Add(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate completed:
                    answered = completed.Response;
                    break;
            }
        }

        Assert.Equal(["remember eggs"], Recorded);
        Assert.Equal("The tool said: recorded: remember eggs", string.Concat(deltas));
        Assert.Equal("The tool said: recorded: remember eggs", answered!.GetOutputText());
    }

    [Fact]
    public async Task An_approval_response_for_no_request_of_the_previous_response_is_refused_naming_the_field()
    {
        var asked = (await Responses.CreateResponseAsync(Create("remember salt"))).Value;
        using var http = Http();

        var unknown = await http.PostAsJsonAsync("responses", new
        {
            model = "hermes", previous_response_id = asked.Id, input = new[] { new { type = "mcp_approval_response", approval_request_id = "ficc_nothing", approve = true } },
        });
        var alone = await http.PostAsJsonAsync("responses", new
        {
            model = "hermes", input = new[] { new { type = "mcp_approval_response", approval_request_id = "ficc_nothing", approve = true } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("input[0].approval_request_id", (string?)(await unknown.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
        Assert.Equal(HttpStatusCode.BadRequest, alone.StatusCode);
        Assert.Equal("previous_response_id", (string?)(await alone.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
        Assert.Empty(Recorded);
    }

    /// <summary>The tool results the model got since the last user message.</summary>
    private static IEnumerable<string> ToolResults(ScriptedRequest request) => request.Messages.OfType<JsonObject>()
        .Reverse().TakeWhile(message => (string?)message["role"] != "user").Reverse()
        .Where(message => (string?)message["role"] == "tool").Select(message => message["content"]!.ToString());

    [Fact]
    public async Task A_turn_that_keeps_nothing_is_not_offered_a_tool_that_needs_approval()
    {
        _models.Script("primary", _ => new ScriptedAnswer.Text("nothing to record"));
        var options = Create("remember bread");
        options.StoredOutputEnabled = false;

        var answered = (await Responses.CreateResponseAsync(options)).Value;

        Assert.Equal("nothing to record", answered.GetOutputText());
        Assert.DoesNotContain("mcp__recorder__record", Assert.Single(_models.Requests).ToolNames);
        Assert.Empty(Recorded);
    }

    private static CreateResponseOptions Create(string text, string? previous = null)
    {
        var options = new CreateResponseOptions { Model = "hermes", PreviousResponseId = previous };
        options.InputItems.Add(ResponseItem.CreateUserMessageItem(text));
        return options;
    }

    private HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = new Uri($"{_api.BaseUrl}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.Key);
        return http;
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, object body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "responses") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
