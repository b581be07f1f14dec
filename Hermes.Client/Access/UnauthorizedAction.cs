namespace Hermes.Client.Access;

public enum UnauthorizedAction
{
    /// <summary>Answer with a short, clear refusal.</summary>
    Refuse,

    /// <summary>Say nothing.</summary>
    Ignore,
}
