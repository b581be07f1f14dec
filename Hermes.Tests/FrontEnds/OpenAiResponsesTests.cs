using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenAI.Responses;

// The Responses client is marked experimental (OPENAI001) in the OpenAI .NET library; the API it speaks is what these tests check.
#pragma warning disable OPENAI001

namespace Hermes.Tests.FrontEnds;

/// <summary>The Responses API over sessions, driven by the official OpenAI .NET client, and by plain HTTP for raw events and fields.</summary>
public sealed class OpenAiResponsesTests(OpenAiSurfaceFixture fixture) : IClassFixture<OpenAiSurfaceFixture>
{
    private ResponsesClient Responses => fixture.OpenAi().GetResponsesClient();

    [Fact]
    public async Task A_chain_continues_one_session_and_a_stored_response_can_be_read_and_deleted()
    {
        var first = (await Responses.CreateResponseAsync(Create("chain one"))).Value;
        var second = (await Responses.CreateResponseAsync(Create("chain two", first.Id))).Value;

        var read = (await Responses.GetResponseAsync(second.Id)).Value;
        await Responses.DeleteResponseAsync(second.Id);
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => Responses.GetResponseAsync(second.Id));

        Assert.Equal("re: chain one", first.GetOutputText());
        Assert.Equal("re: chain two", second.GetOutputText());
        Assert.Equal(["chain one", "re: chain one", "chain two"], OpenAiSurfaceFixture.Conversation(fixture.RequestsAnswering("chain two").Single()));
        Assert.Equal(first.Id, second.PreviousResponseId);
        Assert.Equal("re: chain two", read.GetOutputText());
        Assert.Equal((12, 5), (read.Usage.InputTokenCount, read.Usage.OutputTokenCount));
        Assert.Equal("primary", read.Model);
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task A_branch_from_an_earlier_response_forks_a_new_session_and_leaves_the_chain_as_it_was()
    {
        var root = (await Responses.CreateResponseAsync(Create("branch root"))).Value;
        var main = (await Responses.CreateResponseAsync(Create("main line", root.Id))).Value;

        var branch = (await Responses.CreateResponseAsync(Create("side line", root.Id))).Value;
        await Responses.CreateResponseAsync(Create("main goes on", main.Id));

        Assert.Equal("re: side line", branch.GetOutputText());
        Assert.Equal(["branch root", "re: branch root", "side line"], OpenAiSurfaceFixture.Conversation(fixture.RequestsAnswering("side line").Single()));
        Assert.Equal(
            ["branch root", "re: branch root", "main line", "re: main line", "main goes on"],
            OpenAiSurfaceFixture.Conversation(fixture.RequestsAnswering("main goes on").Single()));
    }

    [Fact]
    public async Task A_failed_turn_in_a_chain_is_no_branch_the_next_response_stays_in_the_session()
    {
        var first = (await Responses.CreateResponseAsync(Create("steady one"))).Value;
        var failed = await Assert.ThrowsAsync<ClientResultException>(() => Responses.CreateResponseAsync(Create($"{OpenAiSurfaceFixture.BrokenMarker} steady", first.Id)));

        var next = (await Responses.CreateResponseAsync(Create("steady two", first.Id))).Value;

        Assert.Equal(502, failed.Status);
        Assert.Equal("re: steady two", next.GetOutputText());
        Assert.Contains(await fixture.Session(first.Id).GetTranscriptAsync(100), message => message.Text == "re: steady two");
    }

    [Fact]
    public async Task A_streamed_response_comes_as_typed_events_ending_with_the_whole_response()
    {
        List<string> deltas = [];
        ResponseResult? completed = null;
        var options = Create("stream these words please");
        options.StreamingEnabled = true;

        await foreach (var update in Responses.CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas.Add(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.True(deltas.Count >= 4, $"only {deltas.Count} deltas");
        Assert.Equal("re: stream these words please", string.Concat(deltas));
        Assert.Equal("re: stream these words please", completed!.GetOutputText());
        Assert.Equal((await Responses.GetResponseAsync(completed.Id)).Value.GetOutputText(), completed.GetOutputText());
    }

    [Fact]
    public async Task A_stream_reports_tool_calls_as_mcp_call_events()
    {
        using var http = fixture.Http();
        var question = $"{OpenAiSurfaceFixture.ToolMarker} {Guid.NewGuid():N}";

        var response = await http.PostAsJsonAsync("responses", new { model = "hermes", input = question, stream = true });
        var events = ServerSentEvents.Parse(await response.Content.ReadAsStringAsync());

        var names = events.Select(sse => sse.Event).ToList();
        Assert.Equal("response.created", names[0]);
        Assert.Equal("response.completed", names[^1]);
        Assert.Contains("response.mcp_call.in_progress", names);
        Assert.Contains("response.mcp_call.completed", names);
        Assert.True(names.IndexOf("response.mcp_call.completed") < names.IndexOf("response.output_text.delta"));
        var output = JsonNode.Parse(events[^1].Data)!["response"]!["output"]!.AsArray();
        Assert.Equal(["mcp_call", "message"], output.Select(item => (string?)item!["type"]));
        Assert.Equal(("everything", "echo", "Echo: ping"), ((string?)output[0]!["server_label"], (string?)output[0]!["name"], (string?)output[0]!["output"]));
    }

    [Fact]
    public async Task The_official_client_reads_tool_progress_as_mcp_call_updates()
    {
        var options = Create($"{OpenAiSurfaceFixture.ToolMarker} {Guid.NewGuid():N}");
        options.StreamingEnabled = true;
        List<StreamingResponseUpdate> updates = [];

        await foreach (var update in Responses.CreateResponseStreamingAsync(options))
        {
            updates.Add(update);
        }

        Assert.Single(updates.OfType<StreamingResponseMcpCallInProgressUpdate>());
        Assert.Single(updates.OfType<StreamingResponseMcpCallCompletedUpdate>());
        Assert.Contains(updates.OfType<StreamingResponseOutputItemDoneUpdate>(), done => done.Item is McpToolCallItem);
        Assert.Equal("tool said: Echo: ping", updates.OfType<StreamingResponseCompletedUpdate>().Single().Response.GetOutputText());
    }

    [Fact]
    public async Task Store_false_keeps_nothing_beyond_the_turn()
    {
        var kept = (await Responses.CreateResponseAsync(Create("keep this"))).Value;
        var session = fixture.Session(kept.Id);
        var before = await session.GetSnapshotAsync();
        var options = Create("forget this", kept.Id);
        options.StoredOutputEnabled = false;

        var forgotten = (await Responses.CreateResponseAsync(options)).Value;

        Assert.Equal("re: forget this", forgotten.GetOutputText());
        Assert.Equal(["keep this", "re: keep this", "forget this"], OpenAiSurfaceFixture.Conversation(fixture.RequestsAnswering("forget this").Single()));
        Assert.Equal(404, (await Assert.ThrowsAsync<ClientResultException>(() => Responses.GetResponseAsync(forgotten.Id))).Status);
        var after = await session.GetSnapshotAsync();
        Assert.Equal((before.SessionId, before.TurnCount, before.TranscriptLength), (after.SessionId, after.TurnCount, after.TranscriptLength));
    }

    [Fact]
    public async Task Instructions_reach_the_model_and_input_items_are_given_back()
    {
        using var http = fixture.Http();
        var question = $"instructed {Guid.NewGuid():N}";
        var options = Create(question);
        options.Instructions = "Answer in French.";

        var created = (await Responses.CreateResponseAsync(options)).Value;
        var items = await http.GetFromJsonAsync<JsonObject>($"responses/{created.Id}/input_items");

        Assert.Contains(fixture.RequestsAnswering(question).Single().Messages.OfType<JsonObject>(), message => (string?)message["role"] == "system" && (string?)message["content"] == "Answer in French.");
        Assert.Equal(question, (string?)items!["data"]![0]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task Client_tools_and_unknown_previous_responses_are_refused_naming_the_field()
    {
        using var http = fixture.Http();

        var tools = await http.PostAsJsonAsync("responses", new { model = "hermes", input = "hi", tools = new[] { new { type = "function", name = "f" } } });
        var unknown = await http.PostAsJsonAsync("responses", new { model = "hermes", input = "hi", previous_response_id = "resp_nothing" });

        Assert.Equal(HttpStatusCode.BadRequest, tools.StatusCode);
        Assert.Equal("tools", (string?)(await tools.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("previous_response_id", (string?)(await unknown.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
    }

    private static CreateResponseOptions Create(string text, string? previous = null)
    {
        var options = new CreateResponseOptions { Model = "hermes", PreviousResponseId = previous };
        options.InputItems.Add(ResponseItem.CreateUserMessageItem(text));
        return options;
    }
}
