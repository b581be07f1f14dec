using System.Text.Json;
using Hermes.Contracts.Sessions;
using Microsoft.Extensions.AI;

namespace Hermes.Grains.Agents;

/// <summary>Tool-call arguments as compact JSON, the form the transcript stores and progress updates carry.</summary>
public static class ToolArguments
{
    // Microsoft.Extensions.AI's defaults write indented JSON; stored and streamed arguments need no layout.
    private static readonly JsonSerializerOptions Compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    public static string ToJson(IDictionary<string, object?>? arguments) => JsonSerializer.Serialize(arguments, Compact);

    public static Dictionary<string, object?>? FromJson(string json) => JsonSerializer.Deserialize<Dictionary<string, object?>>(json, Compact);

    /// <summary>A tool's result as text: strings as they are, anything else as JSON.</summary>
    public static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        _ => JsonSerializer.Serialize(result, Compact),
    };
}
