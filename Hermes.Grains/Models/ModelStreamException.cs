namespace Hermes.Grains.Models;

/// <summary>
/// A streamed answer that was in truth an error: it carried an error object, or ended with no content, no tool call
/// and no finish reason. The OpenAI SDK reports such a stream as an empty success; Hermes treats it as a failed call.
/// </summary>
public sealed class ModelStreamException(int httpStatus, string? code, string message) : Exception(message)
{
    /// <summary>The status the error object named, or 502 when the stream simply came back empty.</summary>
    public int HttpStatus { get; } = httpStatus;

    public string? Code { get; } = code;
}
