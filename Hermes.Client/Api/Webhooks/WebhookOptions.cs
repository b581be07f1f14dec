namespace Hermes.Client.Api.Webhooks;

/// <summary>Webhooks of the API's key holders. Section <c>Hermes:Api:Webhooks</c>, keyed like <c>Hermes:Api:Keys</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Hermes:Api:Webhooks";

    public Dictionary<string, WebhookTarget> Targets { get; set; } = new(StringComparer.Ordinal);
}
