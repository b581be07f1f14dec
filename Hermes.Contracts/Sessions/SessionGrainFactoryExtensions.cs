namespace Hermes.Contracts.Sessions;

public static class SessionGrainFactoryExtensions
{
    /// <summary>The grain for a session; the only way a session grain should be addressed.</summary>
    public static ISessionGrain GetSessionGrain(this IGrainFactory grains, SessionKey key) =>
        grains.GetGrain<ISessionGrain>(key.ToString());
}
