using Hermes.Grains.Agents;
using Hermes.Tests.Models;
using Microsoft.Extensions.AI;

namespace Hermes.Tests.LongLived;

/// <summary>The loop guard inside the library's tool loop, over a stub model that keeps calling a tool that keeps failing.</summary>
public sealed class ToolLoopGuardTests
{
    [Fact]
    public async Task Tool_calls_that_keep_failing_end_the_loop_after_the_configured_count()
    {
        var model = new TestChatClient
        {
            // Different arguments every time, so only the failures can stop it.
            GetStreamingResponseAsyncCallback = (messages, _, _) => TestChatClient.Stream(new ChatResponseUpdate(
                ChatRole.Assistant, [new FunctionCallContent($"call-{messages.Count()}", "broken", new Dictionary<string, object?> { ["n"] = messages.Count() })])),
        };
        using var loop = new FunctionInvokingChatClient(model) { FunctionInvoker = ToolLoopGuard.InvokeAsync, MaximumIterationsPerRequest = 50 };
        var guard = new ToolLoopGuard(new ToolLoopGuardOptions { MaxConsecutiveFailures = 4 });

        var response = await loop.GetResponseAsync([new ChatMessage(ChatRole.User, "go")], guard.AttachTo(new ChatOptions { Tools = [new FailingTool()] }));

        Assert.Equal(4, model.Calls);
        Assert.Equal(4, response.Messages.SelectMany(message => message.Contents).OfType<FunctionResultContent>().Count());
        Assert.StartsWith("I stopped this turn: the last 4 tool calls failed (the latest was 'broken').", guard.StopReason);
    }

    // An MCP tool's failure as the model reads it (McpToolFunction answers with the text of its failure).
    private sealed class FailingTool : AIFunction
    {
        public override string Name => "broken";

        public override string Description => "always fails";

        protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
            ValueTask.FromResult<object?>("Error: the tool 'broken' failed: nope");
    }
}
