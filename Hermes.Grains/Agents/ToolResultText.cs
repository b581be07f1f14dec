using ModelContextProtocol.Protocol;

namespace Hermes.Grains.Agents;

/// <summary>
/// Turns an MCP tool result into the plain text the model reads. Left to itself the OpenAI provider would send the
/// result object as indented JSON of its content blocks.
/// </summary>
public static class ToolResultText
{
    public static string From(CallToolResult result)
    {
        var text = string.Join('\n', result.Content.Select(Describe));
        if (text.Length == 0 && result.StructuredContent is { } structured)
        {
            text = structured.ToString();
        }

        return result.IsError == true ? $"Error: {text}" : text;
    }

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
