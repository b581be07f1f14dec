namespace Hermes.Contracts.Sessions;

/// <summary>Why a turn failed, in the classes that decide what Hermes does next (DESIGN §2).</summary>
[GenerateSerializer, Alias("hermes.ErrorKind")]
public enum ErrorKind
{
    /// <summary>Rate limits, 5xx, timeouts, refused connections: retried with backoff, then the next model is tried.</summary>
    Transient,

    /// <summary>The model id is unknown to the endpoint (400 invalid model, 404): the next model is tried at once.</summary>
    ModelUnavailable,

    /// <summary>The endpoint refused the credentials (401, 403): the next model is tried at once.</summary>
    Unauthorized,

    /// <summary>The endpoint rejected this request for another reason (other 4xx): the next model is tried at once.</summary>
    Rejected,

    /// <summary>The request or its context is too large for the model: the turn fails without trying other models.</summary>
    RequestTooLarge,

    /// <summary>Hermes has no model to call: a setting is missing.</summary>
    NotConfigured,

    /// <summary>An unexpected fault inside Hermes.</summary>
    Internal,

    /// <summary>The provider is out of capacity (503, 529, "overloaded"): retried, then the next model is tried.</summary>
    Capacity,

    /// <summary>The provider refused the content (a content-policy or safety refusal): the turn stops with the reason, by default.</summary>
    ContentPolicy,

    /// <summary>A token or cost cap (session, user or deployment) is used up: the turn was refused before any model call.</summary>
    BudgetExceeded,
}
