using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hermes.Contracts.Sessions;
using OpenAI.Chat;

namespace Hermes.Tests.FrontEnds;

/// <summary>
/// Chat completions as UIs and SDKs use them: whole histories, system prompts, edits, options; driven by the official
/// OpenAI .NET client, and by plain HTTP where the client cannot send a field or read an event.
/// </summary>
public sealed class OpenAiChatHistoryTests(OpenAiSurfaceFixture fixture) : IClassFixture<OpenAiSurfaceFixture>
{
    private ChatClient Chat => fixture.OpenAi().GetChatClient("hermes");

    [Fact]
    public async Task Whole_histories_of_two_chats_go_to_two_sessions_without_naming_a_conversation()
    {
        var (a, b) = ($"chat A {Guid.NewGuid():N}", $"chat B {Guid.NewGuid():N}");

        var firstA = await Chat.CompleteChatAsync([new UserChatMessage(a)]);
        var firstB = await Chat.CompleteChatAsync([new UserChatMessage(b)]);
        await Chat.CompleteChatAsync([new UserChatMessage(a), new AssistantChatMessage(firstA.Value.Content[0].Text), new UserChatMessage($"{a} again")]);
        await Chat.CompleteChatAsync([new UserChatMessage(b), new AssistantChatMessage(firstB.Value.Content[0].Text), new UserChatMessage($"{b} again")]);

        Assert.Equal([a, $"re: {a}", $"{a} again"], OpenAiSurfaceFixture.Conversation(fixture.RequestsAnswering($"{a} again").Single()));
        Assert.Equal([b, $"re: {b}", $"{b} again"], OpenAiSurfaceFixture.Conversation(fixture.RequestsAnswering($"{b} again").Single()));
        var conversations = await Task.WhenAll(ConversationOfAsync(a), ConversationOfAsync(b));
        Assert.NotEqual(conversations[0], conversations[1]);
        Assert.Equal(4, (await fixture.Session(conversations[0]).GetSnapshotAsync()).TranscriptLength);
    }

    [Fact]
    public async Task An_edited_message_makes_the_session_follow_the_client_and_keeps_the_old_tail_in_the_archive()
    {
        var options = new ChatCompletionOptions { EndUserId = $"edit-{Guid.NewGuid():N}" };
        await Chat.CompleteChatAsync([new UserChatMessage("first question")], options);
        await Chat.CompleteChatAsync([new UserChatMessage("first question"), new AssistantChatMessage("re: first question"), new UserChatMessage("second question")], options);
        var before = await fixture.Session(options.EndUserId).GetSnapshotAsync();

        var edited = await Chat.CompleteChatAsync([new UserChatMessage("first question"), new AssistantChatMessage("re: first question"), new UserChatMessage("second question, edited")], options);

        Assert.Equal("re: second question, edited", edited.Value.Content[0].Text);
        Assert.Equal(
            ["first question", "re: first question", "second question, edited"],
            OpenAiSurfaceFixture.Conversation(fixture.RequestsAnswering("second question, edited").Single()));
        var session = fixture.Session(options.EndUserId);
        var transcript = await session.GetTranscriptAsync(100);
        Assert.Equal(["first question", "re: first question", "second question, edited", "re: second question, edited"], transcript.Select(message => message.Text));
        var archived = await session.GetArchivedPageAsync(before.SessionId, 0);
        Assert.Contains(archived, message => message.Text == "second question");
        Assert.Contains(archived, message => message.Text == "re: second question");
    }

    [Fact]
    public async Task The_clients_system_prompt_reaches_the_model_as_instructions()
    {
        var question = $"who are you {Guid.NewGuid():N}";

        await Chat.CompleteChatAsync([new SystemChatMessage("You are a terse pirate."), new UserChatMessage(question)]);

        var request = fixture.RequestsAnswering(question).Single();
        Assert.Contains(request.Messages.OfType<JsonObject>(), message => (string?)message["role"] == "system" && (string?)message["content"] == "You are a terse pirate.");
    }

    [Fact]
    public async Task Sampling_options_reach_the_model_for_that_request_only()
    {
        var question = $"be precise {Guid.NewGuid():N}";
        var options = new ChatCompletionOptions { Temperature = 0.25f, TopP = 0.5f, MaxOutputTokenCount = 64, StopSequences = { "THE END" } };
#pragma warning disable OPENAI001 // Seed is experimental in the client; the option itself is part of the chat-completions API.
        options.Seed = 7;
#pragma warning restore OPENAI001

        await Chat.CompleteChatAsync([new UserChatMessage(question)], options);
        await Chat.CompleteChatAsync([new UserChatMessage($"{question} plain")]);

        var body = fixture.RequestsAnswering(question).Single().Body!;
        Assert.Equal(0.25, (double)body["temperature"]!, 3);
        Assert.Equal(0.5, (double)body["top_p"]!, 3);
        Assert.Equal(64, (int?)(body["max_completion_tokens"] ?? body["max_tokens"]));
        Assert.Equal("THE END", (string?)body["stop"]!.AsArray()[0]);
        Assert.Equal(7, (int)body["seed"]!);
        var plain = fixture.RequestsAnswering($"{question} plain").Single().Body!;
        Assert.Null(plain["temperature"]);
    }

    [Fact]
    public async Task The_answer_names_the_fallback_that_answered_and_its_real_usage()
    {
        var question = $"{OpenAiSurfaceFixture.FallbackMarker} {Guid.NewGuid():N}";

        var completion = (await Chat.CompleteChatAsync([new UserChatMessage(question)])).Value;

        Assert.Equal($"backup: {question}", completion.Content[0].Text);
        Assert.EndsWith("backup", completion.Model, StringComparison.Ordinal);
        Assert.Equal("hermes-fallback", completion.SystemFingerprint);
        Assert.Equal((12, 5, 17), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount));
    }

    [Fact]
    public async Task Client_tools_and_more_than_one_choice_are_refused_naming_the_field()
    {
        var tools = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "The weather.") } };
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => Chat.CompleteChatAsync([new UserChatMessage("weather?")], tools));
        using var http = fixture.Http();

        var twoChoices = await http.PostAsJsonAsync("chat/completions", new { model = "hermes", n = 2, messages = new[] { new { role = "user", content = "two answers" } } });

        Assert.Equal(400, refused.Status);
        Assert.Equal("tools", (string?)JsonNode.Parse(refused.GetRawResponse()!.Content.ToString())!["error"]!["param"]);
        Assert.Equal(HttpStatusCode.BadRequest, twoChoices.StatusCode);
        Assert.Equal("n", (string?)(await twoChoices.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]);
    }

    [Fact]
    public async Task A_streamed_answer_carries_tool_progress_as_named_events_when_asked()
    {
        using var http = fixture.Http();
        var question = $"{OpenAiSurfaceFixture.ToolMarker} {Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = JsonContent.Create(new { model = "hermes", stream = true, messages = new[] { new { role = "user", content = question } } }),
            Headers = { { "X-Hermes-Tool-Events", "on" } },
        };

        var response = await http.SendAsync(request);
        var events = ServerSentEvents.Parse(await response.Content.ReadAsStringAsync());

        var tools = events.Where(sse => sse.Event == "hermes.tool_call").Select(sse => JsonNode.Parse(sse.Data)!).ToList();
        Assert.Equal(["in_progress", "completed"], tools.Select(tool => (string?)tool["hermes_tool_call"]!["status"]));
        Assert.All(tools, tool => Assert.Equal("mcp__everything__echo", (string?)tool["hermes_tool_call"]!["name"]));
        Assert.All(tools, tool => Assert.Empty(tool["choices"]!.AsArray()));
        var text = string.Concat(events.Where(sse => sse.Event is null && sse.Data != "[DONE]").Select(sse => (string?)JsonNode.Parse(sse.Data)!["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]));
        Assert.Equal("tool said: Echo: ping", text);
    }

    [Fact]
    public async Task Without_asking_a_stream_holds_only_unnamed_events_with_a_choice_each_besides_usage()
    {
        using var http = fixture.Http();
        var question = $"{OpenAiSurfaceFixture.ToolMarker} {Guid.NewGuid():N}";

        var response = await http.PostAsJsonAsync("chat/completions", new { model = "hermes", stream = true, messages = new[] { new { role = "user", content = question } } });
        var events = ServerSentEvents.Parse(await response.Content.ReadAsStringAsync());

        Assert.All(events, sse => Assert.Null(sse.Event));
        Assert.All(events.Where(sse => sse.Data != "[DONE]"), sse => Assert.Single(JsonNode.Parse(sse.Data)!["choices"]!.AsArray()));
    }

    [Fact]
    public async Task The_models_list_names_the_alias_and_the_configured_chain()
    {
        var models = (await fixture.OpenAi().GetOpenAIModelClient().GetModelsAsync()).Value;

        Assert.Equal(["hermes", "primary", "backup"], models.Select(model => model.Id));
    }

    /// <summary>The conversation whose session answered <paramref name="question"/>, as the answer's <c>hermes</c> field names it (a whole request again, answered again).</summary>
    private async Task<string> ConversationOfAsync(string question)
    {
        using var http = fixture.Http();
        var answer = await http.PostAsJsonAsync("chat/completions", new { model = "hermes", messages = new[] { new { role = "user", content = question }, new { role = "assistant", content = $"re: {question}" }, new { role = "user", content = $"{question} third" } } });
        return (string)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["hermes"]!["conversation"]!;
    }
}
