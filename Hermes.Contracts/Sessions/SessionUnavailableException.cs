namespace Hermes.Contracts.Sessions;

/// <summary>
/// This activation of the session cannot take the message: it is reloading after a failed write, or going away. Nothing
/// was done; send the message again (under the same id), and a fresh activation takes it.
/// </summary>
[GenerateSerializer, Alias("hermes.SessionUnavailableException")]
public sealed class SessionUnavailableException : Exception
{
    public SessionUnavailableException()
    {
    }

    public SessionUnavailableException(string message)
        : base(message)
    {
    }

    public SessionUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
