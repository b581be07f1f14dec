namespace Hermes.Client.Api.Requests;

/// <summary>The request headers the API reads besides OpenAI's.</summary>
public static class ApiHeaders
{
    /// <summary>Names the conversation; the request's <c>user</c> field does when the header is absent.</summary>
    public const string Conversation = "X-Hermes-Conversation";

    /// <summary>
    /// <c>on</c> adds tool progress (<c>hermes.tool_call</c> events) to a streamed chat completion. Off by default: the
    /// npm and Python OpenAI libraries hand a named event to the application as an object without <c>choices</c>, which
    /// code written for OpenAI's own streams does not expect.
    /// </summary>
    public const string ToolEvents = "X-Hermes-Tool-Events";

    /// <summary>Makes a retried request safe: the same key joins the first request, or gets its answer.</summary>
    public const string IdempotencyKey = "Idempotency-Key";
}
