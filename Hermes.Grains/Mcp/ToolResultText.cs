using ModelContextProtocol.Protocol;

namespace Hermes.Grains.Mcp;

/// <summary>
/// Turns an MCP tool result into the plain text the model reads. Left to itself the OpenAI provider would send the
/// result object as indented JSON of its content blocks.
/// </summary>
public static class ToolResultText
{
    // What marks a result as an error for the model; Microsoft.Extensions.AI's own error results start the same way.
    private const string ErrorPrefix = "Error: ";

    public static string From(CallToolResult result)
    {
        var text = string.Join('\n', result.Content.Select(Describe));
        if (text.Length == 0 && result.StructuredContent is { } structured)
        {
            text = structured.ToString();
        }

        return result.IsError == true ? ErrorPrefix + text : text;
    }

    /// <summary>The result the model reads when a tool could not be called or did not answer.</summary>
    public static string Failure(string toolName, Exception exception) => $"{ErrorPrefix}the tool '{toolName}' failed: {exception.Message}";

    /// <summary>True when the model reads <paramref name="text"/> as a failed call.</summary>
    public static bool IsError(string text) => text.StartsWith(ErrorPrefix, StringComparison.Ordinal);

    private static string Describe(ContentBlock block) => block switch
    {
        TextContentBlock text => text.Text,
        EmbeddedResourceBlock { Resource: TextResourceContents resource } => resource.Text,
        EmbeddedResourceBlock embedded => $"[resource {embedded.Resource.Uri} ({embedded.Resource.MimeType})]",
        ResourceLinkBlock link => $"[resource {link.Uri}]",
        ImageContentBlock image => $"[image {image.MimeType}]",
        AudioContentBlock audio => $"[audio {audio.MimeType}]",
        _ => $"[{block.Type}]",
    };
}
