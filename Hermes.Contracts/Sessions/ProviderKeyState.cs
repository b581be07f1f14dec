namespace Hermes.Contracts.Sessions;

/// <summary>Where one key of a provider's credential pool stands.</summary>
[GenerateSerializer, Alias("hermes.ProviderKeyState")]
public enum ProviderKeyState
{
    /// <summary>Used for requests.</summary>
    Ready,

    /// <summary>Answered 401 or 403: not used again until the silo restarts or the provider's keys change.</summary>
    Parked,

    /// <summary>Answered 429 with a reset time: not used until then.</summary>
    Resting,
}
