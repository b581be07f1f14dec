namespace Hermes.Contracts.Sessions;

[GenerateSerializer, Alias("hermes.TranscriptRole")]
public enum TranscriptRole
{
    User,
    Assistant,

    /// <summary>A tool's result, answering an assistant message's tool call.</summary>
    Tool,

    /// <summary>Hermes speaking to the user (an error, an interruption); never sent to the model.</summary>
    Notice,
}
