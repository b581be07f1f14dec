using System.ComponentModel.DataAnnotations;

namespace Hermes.Client.Api;

/// <summary>The OpenAI-compatible HTTP API (<c>hermes api</c>). Section <c>Hermes:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Hermes:Api";

    /// <summary>Where the API listens.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8081";

    /// <summary>API keys by the name of who holds them; a request must send one as <c>Authorization: Bearer …</c>. Secrets: set them from the environment.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The model id clients ask for; the agent behind it uses the silo's model chain.</summary>
    [Required]
    public string ModelName { get; set; } = "hermes";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Largest total size of a request's headers; larger ones get 431 with an OpenAI-shaped body. The server itself
    /// refuses headers over four times this, without a body.
    /// </summary>
    [Range(4 * 1024, 1024 * 1024)]
    public int MaxRequestHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Sends tool progress (<c>hermes.tool_call</c> events) in every streamed chat completion, as if each request said
    /// <c>X-Hermes-Tool-Events: on</c>. For deployments whose clients read named events; the Responses API always sends
    /// its own (<c>response.mcp_call.*</c>), which OpenAI's libraries know.
    /// </summary>
    public bool ChatToolEvents { get; set; }

    /// <summary>
    /// How long a request that failed is recognised when sent again (by an OpenAI client library's automatic retry) and
    /// answered with the same failure instead of running another turn.
    /// </summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromSeconds(60);
}
