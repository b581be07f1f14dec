using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Hermes.Grains.Models;

/// <summary>
/// Converts each tool to its OpenAI definition once, not on every model call. Microsoft.Extensions.AI's OpenAI client
/// rewrites and re-serializes every tool's JSON schema for each request, which with two MCP servers' tools was the largest
/// share of a failed turn's model-call CPU; a session's tools are the same objects from turn to turn.
/// </summary>
/// <remarks>
/// The tools travel as ready OpenAI options (<see cref="ChatOptions.RawRepresentationFactory"/>) with the choice the
/// call's <see cref="ChatOptions.ToolMode"/> asks for; the options above this client (the tool loop, the telemetry) keep
/// seeing the tools as they were given. A call whose options already bring their own raw representation, or that offers
/// a tool other than a function, is passed on unchanged. Definitions are held as long as their tool lives.
/// </remarks>
public sealed class OpenAIToolDefinitionCache(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    private readonly ConditionalWeakTable<AIFunctionDeclaration, ChatTool> _definitions = [];

    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithDefinitions(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithDefinitions(options), cancellationToken);

    private ChatOptions? WithDefinitions(ChatOptions? options)
    {
        if (options is not { Tools.Count: > 0, RawRepresentationFactory: null } || !options.Tools.All(tool => tool is AIFunctionDeclaration))
        {
            return options;
        }

        var definitions = options.Tools.Select(tool => _definitions.GetValue((AIFunctionDeclaration)tool, function => function.AsOpenAIChatTool())).ToArray();
        var choice = ChoiceFor(options.ToolMode);
        var parallel = options.AllowMultipleToolCalls;
        var call = options.Clone();
        call.Tools = null;
        call.RawRepresentationFactory = _ =>
        {
            var completion = new ChatCompletionOptions { ToolChoice = choice, AllowParallelToolCalls = parallel };
            foreach (var definition in definitions)
            {
                completion.Tools.Add(definition);
            }

            return completion;
        };
        return call;
    }

    private static ChatToolChoice ChoiceFor(ChatToolMode? mode) => mode switch
    {
        NoneChatToolMode => ChatToolChoice.CreateNoneChoice(),
        RequiredChatToolMode { RequiredFunctionName: { } name } => ChatToolChoice.CreateFunctionChoice(name),
        RequiredChatToolMode => ChatToolChoice.CreateRequiredChoice(),
        _ => ChatToolChoice.CreateAutoChoice(),
    };
}
