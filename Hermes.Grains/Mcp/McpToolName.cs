using System.Text;
using Hermes.Contracts.Mcp;

namespace Hermes.Grains.Mcp;

/// <summary>Names MCP tools for the model as <c>mcp__{server}__{tool}</c>, within the function-name rules of OpenAI-compatible APIs.</summary>
public static class McpToolName
{
    private const int MaxLength = 64;

    public static string For(string server, string tool)
    {
        var name = $"mcp__{Sanitize(server)}__{Sanitize(tool)}";
        return name.Length <= MaxLength ? name : name[..MaxLength];
    }

    // Function names may hold only letters, digits, '_' and '-'.
    private static string Sanitize(string part)
    {
        var builder = new StringBuilder(part.Length);
        foreach (var character in part)
        {
            builder.Append(char.IsAsciiLetterOrDigit(character) || character is '_' or '-' ? character : '_');
        }

        return builder.ToString();
    }
}
