using System.Diagnostics;
using Hermes.ServiceDefaults.Secrets;
using OpenTelemetry;

namespace Hermes.ServiceDefaults.Telemetry;

/// <summary>
/// Masks configured secrets in a span's status description and string tags before any exporter sees it. Microsoft.Extensions.AI
/// puts a failed model call's exception message, which quotes the provider's error text, into its span's status.
/// </summary>
public sealed class SecretRedactingProcessor(SecretRedactor redactor) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (data.StatusDescription is { } description && redactor.Redact(description) is var redacted && redacted != description)
        {
            data.SetStatus(data.Status, redacted);
        }

        foreach (var (name, value) in data.TagObjects.ToArray())
        {
            if (value is string text && redactor.Redact(text) is var masked && masked != text)
            {
                data.SetTag(name, masked);
            }
        }
    }
}
