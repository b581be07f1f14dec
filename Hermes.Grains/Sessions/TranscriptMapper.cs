using System.Collections.Immutable;
using Hermes.Contracts.Sessions;
using Hermes.Grains.Agents;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Sessions;

/// <summary>Maps between the persisted transcript and the chat messages the model reads.</summary>
public static class TranscriptMapper
{
    /// <summary>The messages of earlier turns that the model should see: no notices, no failed turns.</summary>
    public static IEnumerable<ChatMessage> ToModelContext(IEnumerable<TranscriptMessage> transcript)
    {
        foreach (var message in transcript.Where(message => message.InModelContext))
        {
            switch (message.Role)
            {
                case TranscriptRole.User:
                    yield return new ChatMessage(ChatRole.User, message.Text);
                    break;
                case TranscriptRole.Assistant:
                    List<AIContent> contents = [];
                    if (message.Text.Length > 0)
                    {
                        contents.Add(new TextContent(message.Text));
                    }

                    contents.AddRange(message.ToolCalls.Select(call => new FunctionCallContent(call.CallId, call.Name, ToolArguments.FromJson(call.ArgumentsJson))));
                    yield return new ChatMessage(ChatRole.Assistant, contents);
                    break;
                case TranscriptRole.Tool:
                    yield return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(message.ToolCallId ?? string.Empty, message.Text)]);
                    break;
            }
        }
    }

    /// <summary>
    /// The transcript messages of a completed turn. A tool call without a result (the loop hit its iteration budget)
    /// is left out, so that the next turn never sends the model a dangling call.
    /// </summary>
    public static ImmutableArray<TranscriptMessage> FromTurn(IEnumerable<ChatMessage> messages, int turn, DateTimeOffset at)
    {
        var turnMessages = messages.ToList();
        var answered = turnMessages
            .SelectMany(message => message.Contents.OfType<FunctionResultContent>())
            .Select(result => result.CallId)
            .ToHashSet(StringComparer.Ordinal);
        var transcript = ImmutableArray.CreateBuilder<TranscriptMessage>();
        foreach (var message in turnMessages)
        {
            if (message.Role == ChatRole.Tool)
            {
                transcript.AddRange(message.Contents.OfType<FunctionResultContent>().Select(result =>
                    new TranscriptMessage(TranscriptRole.Tool, ToolArguments.ResultText(result.Result), turn, at, [], result.CallId, InModelContext: true)));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                var calls = message.Contents.OfType<FunctionCallContent>()
                    .Where(call => answered.Contains(call.CallId))
                    .Select(call => new ToolCallRecord(call.CallId, call.Name, ToolArguments.ToJson(call.Arguments)))
                    .ToImmutableArray();
                if (message.Text.Length > 0 || calls.Length > 0)
                {
                    transcript.Add(new TranscriptMessage(TranscriptRole.Assistant, message.Text, turn, at, calls, null, InModelContext: true));
                }
            }
        }

        return transcript.ToImmutable();
    }
}
