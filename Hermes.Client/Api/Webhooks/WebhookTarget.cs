namespace Hermes.Client.Api.Webhooks;

/// <summary>Where one API key's pushed replies are posted, and the secret their signature is made with.</summary>
public sealed class WebhookTarget
{
    /// <summary>The URL that receives a <c>POST</c> per reply.</summary>
    public Uri? Url { get; set; }

    /// <summary>The HMAC-SHA256 key of the <c>X-Hermes-Signature</c> header. A secret: set it from the environment.</summary>
    public string? Secret { get; set; }
}
