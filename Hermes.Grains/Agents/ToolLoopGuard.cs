using System.Text.Json;
using Hermes.Grains.Mcp;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Agents;

/// <summary>
/// One turn's loop guard: it ends the tool loop when the model calls the same tool with the same arguments more than
/// <see cref="ToolLoopGuardOptions.MaxRepeats"/> times, or when <see cref="ToolLoopGuardOptions.MaxConsecutiveFailures"/>
/// calls in a row fail. It works inside the library's tool loop, as its function invoker (<see cref="InvokeAsync"/>),
/// and ends it the library's way (<see cref="FunctionInvocationContext.Terminate"/>); the conversation so far is kept
/// and the turn answers with <see cref="StopReason"/>. The loop's own iteration budget stays as it is.
/// </summary>
public sealed class ToolLoopGuard(ToolLoopGuardOptions limits)
{
    // The options key under which the guard travels with the turn's calls, like the model chain's turn log.
    private const string OptionsKey = "hermes.loop_guard";

    private static readonly JsonSerializerOptions Compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _failuresInARow;

    /// <summary>Why the guard ended the turn, as the user is told; null while it has not.</summary>
    public string? StopReason { get; private set; }

    public ChatOptions AttachTo(ChatOptions options)
    {
        (options.AdditionalProperties ??= [])[OptionsKey] = this;
        return options;
    }

    /// <summary>The tool loop's function invoker: runs the call unless the guard stops the turn before it, and watches its result.</summary>
    public static async ValueTask<object?> InvokeAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        if (context.Options?.AdditionalProperties?.TryGetValue(OptionsKey, out ToolLoopGuard? guard) is not true || guard is null)
        {
            return await context.Function.InvokeAsync(context.Arguments, cancellationToken);
        }

        if (guard.Repeated(context) is { } refusal)
        {
            context.Terminate = true;
            return refusal;
        }

        try
        {
            var result = await context.Function.InvokeAsync(context.Arguments, cancellationToken);
            guard.Observe(context, failed: result is string text && ToolResultText.IsError(text));
            return result;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            guard.Observe(context, failed: true);
            throw;
        }
    }

    private string? Repeated(FunctionInvocationContext context)
    {
        var call = $"{context.Function.Name}\n{JsonSerializer.Serialize(context.Arguments, Compact)}";
        var count = _calls[call] = _calls.GetValueOrDefault(call) + 1;
        if (count <= limits.MaxRepeats)
        {
            return null;
        }

        StopReason = $"I stopped this turn: I had called the tool '{context.Function.Name}' {limits.MaxRepeats} times with the same " +
            "arguments and was about to again, without getting anywhere. The conversation is kept; tell me how to go on, or what to try differently.";
        return $"Not run: the loop guard ended the turn because this exact call was already made {limits.MaxRepeats} times.";
    }

    private void Observe(FunctionInvocationContext context, bool failed)
    {
        _failuresInARow = failed ? _failuresInARow + 1 : 0;
        if (_failuresInARow >= limits.MaxConsecutiveFailures)
        {
            context.Terminate = true;
            StopReason = $"I stopped this turn: the last {_failuresInARow} tool calls failed (the latest was '{context.Function.Name}'). " +
                "The conversation is kept; tell me how to go on, or check the tools with /status.";
        }
    }
}
