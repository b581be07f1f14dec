namespace Hermes.Contracts.Sessions;

/// <summary>Why a session's cached agent was dropped; each is counted on its own.</summary>
[GenerateSerializer, Alias("hermes.AgentDropReason")]
public enum AgentDropReason
{
    /// <summary>The turn succeeded on a fallback model; the next message tries the primary again.</summary>
    FallbackSucceeded,

    /// <summary>The session's effective configuration (model chain, tool limits, MCP servers) changed.</summary>
    ConfigurationChanged,

    /// <summary>The grain deactivated (idle, or moved by the runtime).</summary>
    Deactivated,

    /// <summary>The silo is shutting down.</summary>
    SiloShutdown,

    /// <summary>The user started a new session (<c>/new</c>, <c>/reset</c>, or the reset policy).</summary>
    NewSession,

    /// <summary>The user chose another primary model with <c>/model</c>; not a fallback.</summary>
    ModelChanged,

    /// <summary>An operator released the session's agent and MCP handles (<see cref="ISessionGrain.ReleaseAsync"/>).</summary>
    Released,
}
