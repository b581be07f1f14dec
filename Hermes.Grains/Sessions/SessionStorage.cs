using Hermes.Contracts.Sessions;

namespace Hermes.Grains.Sessions;

/// <summary>The grain storage provider that holds session state; every host registers one under this name.</summary>
public static class SessionStorage
{
    public const string ProviderName = "sessions";
}
