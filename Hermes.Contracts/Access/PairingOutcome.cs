namespace Hermes.Contracts.Access;

[GenerateSerializer, Alias("hermes.PairingOutcome")]
public enum PairingOutcome
{
    /// <summary>A new code was issued.</summary>
    Issued,

    /// <summary>The user already holds a code that has not expired: the same one is given again.</summary>
    Pending,

    /// <summary>The user asked for too many codes lately, or too many codes wait for approval: none was issued.</summary>
    RateLimited,

    /// <summary>The user is approved already.</summary>
    AlreadyApproved,
}
