namespace Hermes.Tests.Infrastructure;

/// <summary>How the scripted model server answers requests for one model id.</summary>
public delegate ScriptedAnswer ModelScript(ScriptedRequest request);

/// <summary>Scripts the tests use again and again.</summary>
public static class Scripts
{
    public static ModelScript Reply(string text) => _ => new ScriptedAnswer.Text(text);

    /// <summary>Echoes the user's last message, so that tests can tell replies apart.</summary>
    public static ModelScript EchoUser(string prefix) => request => new ScriptedAnswer.Text($"{prefix}{request.LastUserText}");

    /// <summary>The answer some OpenAI-compatible routers give for an unknown model id.</summary>
    public static ModelScript InvalidModel(string model) => _ => new ScriptedAnswer.Error(400, $"{model} is not a valid model ID");

    /// <summary>A 401 that quotes the Authorization header it was sent, as some endpoints do: the key is in the error text.</summary>
    public static ModelScript RefuseEchoingCredentials() =>
        request => new ScriptedAnswer.Error(401, $"Incorrect API key provided. You sent: {request.Authorization}", Code: "invalid_api_key");

    public static ModelScript ServerError() => _ => new ScriptedAnswer.Error(500, "The server had an error while processing your request.", "server_error");

    public static ModelScript RateLimited(int retryAfterSeconds) =>
        _ => new ScriptedAnswer.Error(429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded", retryAfterSeconds);

    public static ModelScript ContextTooLong() =>
        _ => new ScriptedAnswer.Error(400, "This model's maximum context length is 8192 tokens.", Code: "context_length_exceeded");

    /// <summary>Calls <paramref name="tool"/> once, then answers with the tool's result.</summary>
    public static ModelScript CallToolThenQuote(string tool, string argumentsJson) => request =>
        request.LastToolResult is { } result
            ? new ScriptedAnswer.Text($"The tool said: {result}")
            : new ScriptedAnswer.ToolCall(tool, argumentsJson);
}
