using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Hermes.Grains.Mcp;
using Hermes.Grains.Models;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hermes.Tests.Models;

/// <summary>
/// A turn's progress read from the tool loop's own stream, through the agent's pipeline as <see cref="ModelPipeline"/>
/// declares it (tool loop over model chain), with stub models and stub tools.
/// </summary>
public sealed class TurnProgressTests
{
    [Fact]
    public async Task Tool_calls_are_reported_as_the_loop_starts_and_finishes_them_then_the_answer_streams()
    {
        var reported = new List<TurnUpdate>();
        var reportedBeforeTheToolRan = -1;
        var echo = Tool("echo", arguments =>
        {
            reportedBeforeTheToolRan = reported.Count;
            return $"Echo: {arguments["message"]}";
        });
        var model = CallsToolThenAnswers(new FunctionCallContent("call-1", "echo", new Dictionary<string, object?> { ["message"] = "hi" }), "done");

        var (progress, turn) = await RunTurnAsync([("model", model)], [echo], reported.Add);

        Assert.Equal(
            [
                new ToolCallStarted("call-1", "echo", """{"message":"hi"}"""),
                new ToolCallFinished("call-1", "echo", "Echo: hi", false),
                new TextDelta("done"),
            ],
            reported);
        Assert.Equal(1, reportedBeforeTheToolRan);
        Assert.Equal((1, 2), (progress.ToolCalls, turn.ApiCalls));
    }

    [Fact]
    public async Task A_tool_error_result_is_reported_failed_and_the_model_reads_it()
    {
        var reported = new List<TurnUpdate>();
        var failing = Tool("flaky", _ => ToolResultText.Failure("flaky", new TimeoutException("MCP server 'x' did not answer within 0.5 s.")));
        IEnumerable<ChatMessage>? secondCall = null;
        var model = CallsToolThenAnswers(new FunctionCallContent("call-1", "flaky"), "it failed", messages => secondCall = messages);

        var (progress, _) = await RunTurnAsync([("model", model)], [failing], reported.Add);

        var finished = Assert.Single(reported.OfType<ToolCallFinished>());
        Assert.True(finished.Failed);
        Assert.Equal("Error: the tool 'flaky' failed: MCP server 'x' did not answer within 0.5 s.", finished.Summary);
        var result = Assert.Single(secondCall!.SelectMany(message => message.Contents).OfType<FunctionResultContent>());
        Assert.Equal(finished.Summary, result.Result);
        Assert.Equal(new TextDelta("it failed"), reported[^1]);
        Assert.Equal(1, progress.ToolCalls);
    }

    [Fact]
    public async Task A_call_to_a_tool_that_does_not_exist_is_reported_failed_and_the_turn_goes_on()
    {
        var reported = new List<TurnUpdate>();
        var model = CallsToolThenAnswers(new FunctionCallContent("call-1", "missing"), "answered anyway");

        await RunTurnAsync([("model", model)], [Tool("echo", _ => "unused")], reported.Add);

        Assert.True(Assert.Single(reported.OfType<ToolCallFinished>()).Failed);
        Assert.Equal(new TextDelta("answered anyway"), reported[^1]);
    }

    [Fact]
    public async Task A_long_result_is_summarised_by_its_start()
    {
        var reported = new List<TurnUpdate>();
        var model = CallsToolThenAnswers(new FunctionCallContent("call-1", "long"), "done");

        await RunTurnAsync([("model", model)], [Tool("long", _ => new string('x', 1000))], reported.Add);

        Assert.Equal(new string('x', 200) + "…", Assert.Single(reported.OfType<ToolCallFinished>()).Summary);
    }

    [Fact]
    public async Task A_turn_that_fell_back_stays_on_the_fallback_for_every_call_of_its_tool_loop()
    {
        var primary = TestChatClient.Failing(new ModelStreamException(400, null, "primary is not a valid model ID"));
        var fallback = CallsToolThenAnswers(new FunctionCallContent("call-1", "echo", new Dictionary<string, object?> { ["message"] = "hi" }), "done");

        var (_, turn) = await RunTurnAsync([("primary", primary), ("fallback", fallback)], [Tool("echo", _ => "Echo: hi")], report: null);

        Assert.Equal((1, 2), (primary.Calls, fallback.Calls));
        Assert.Equal(("fallback", true, 3), (turn.ModelUsed, turn.FallbackUsed, turn.ApiCalls));
    }

    private static async Task<(TurnProgress Progress, ModelTurnLog Turn)> RunTurnAsync(
        (string Model, IChatClient Client)[] models, AITool[] tools, Action<TurnUpdate>? report)
    {
        using var pipeline = ModelPipeline.ForAgent([.. models.Select(model => new ModelRoute(model.Model, model.Client))], maxIterations: 10, NullLoggerFactory.Instance, Redactors.None);
        var turn = new ModelTurnLog();
        var progress = new TurnProgress(report);
        await foreach (var update in pipeline.GetStreamingResponseAsync("go", turn.AttachTo(new ChatOptions { Tools = tools })))
        {
            progress.Observe(update);
        }

        return (progress, turn);
    }

    // The model's first call asks for the tool; the next one, which carries the tool's result, answers.
    private static TestChatClient CallsToolThenAnswers(FunctionCallContent call, string answer, Action<IEnumerable<ChatMessage>>? seen = null) => new()
    {
        GetStreamingResponseAsyncCallback = (messages, _, _) =>
        {
            if (!messages.SelectMany(message => message.Contents).OfType<FunctionResultContent>().Any())
            {
                return TestChatClient.Stream(new ChatResponseUpdate(ChatRole.Assistant, [call]) { FinishReason = ChatFinishReason.ToolCalls });
            }

            seen?.Invoke([.. messages]);
            return TestChatClient.Stream(new ChatResponseUpdate(ChatRole.Assistant, answer) { FinishReason = ChatFinishReason.Stop });
        },
    };

    // A tool whose result is the text the model reads, as the agent's MCP tools give it.
    private static AIFunction Tool(string name, Func<AIFunctionArguments, string> body) => AIFunctionFactory.Create(
        (AIFunctionArguments arguments) => body(arguments),
        new AIFunctionFactoryOptions { Name = name, MarshalResult = (result, _, _) => ValueTask.FromResult(result) });
}
