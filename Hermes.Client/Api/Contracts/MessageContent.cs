using System.Text.Json.Serialization;

namespace Hermes.Client.Api.Contracts;

/// <summary>A message's <c>content</c>: a string (one text part) or an array of content parts.</summary>
[JsonConverter(typeof(MessageContentConverter))]
public sealed record MessageContent(IReadOnlyList<ContentPart> Parts)
{
    public const string TextType = "text";

    /// <summary>The text of all text parts together.</summary>
    public string Text => string.Concat(Parts.Where(part => part.Type == TextType).Select(part => part.Text));
}
