using System.Diagnostics;
using Hermes.ServiceDefaults.Secrets;
using OpenTelemetry;

namespace Hermes.ServiceDefaults.Telemetry;

/// <summary>
/// Masks configured secrets in a span's status description and string tags before any exporter sees it. Microsoft.Extensions.AI
/// puts a failed model call's exception message, which quotes the provider's error text, into its span's status.
/// </summary>
/// <remarks>
/// It sees every span the silo records (a grain call makes several), so a span with nothing to mask costs a walk over its
/// tags and nothing else: no copy of the tags, no allocation.
/// </remarks>
public sealed class SecretRedactingProcessor(SecretRedactor redactor) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (data.StatusDescription is { } description && redactor.Redact(description) is var redacted && redacted != description)
        {
            data.SetStatus(data.Status, redacted);
        }

        List<KeyValuePair<string, string>>? masked = null;
        foreach (ref readonly var tag in data.EnumerateTagObjects())
        {
            if (tag.Value is string text && redactor.Redact(text) is var replaced && replaced != text)
            {
                (masked ??= []).Add(new(tag.Key, replaced));
            }
        }

        // Tags are set after the walk: setting one while enumerating would change the list being walked.
        foreach (var (name, value) in masked ?? [])
        {
            data.SetTag(name, value);
        }
    }
}
