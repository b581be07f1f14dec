namespace Hermes.Contracts.Sessions;

/// <summary>
/// A message came with an id that an earlier, different message of this session already used. Nothing was done: a
/// retry must repeat the first message exactly, and a new message needs a new id.
/// </summary>
[GenerateSerializer, Alias("hermes.MessageIdReusedException")]
public sealed class MessageIdReusedException : Exception
{
    public MessageIdReusedException()
    {
    }

    public MessageIdReusedException(string message)
        : base(message)
    {
    }

    public MessageIdReusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
