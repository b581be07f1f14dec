namespace Hermes.Client.Api.Requests;

/// <summary>The request headers the API reads besides OpenAI's.</summary>
public static class ApiHeaders
{
    /// <summary>Names the conversation; the request's <c>user</c> field does when the header is absent.</summary>
    public const string Conversation = "X-Hermes-Conversation";

    /// <summary>Makes a retried request safe: the same key joins the first request, or gets its answer.</summary>
    public const string IdempotencyKey = "Idempotency-Key";
}
