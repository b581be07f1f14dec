using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hermes.Client.Api.Contracts;

/// <summary>
/// Reads <c>content</c> strictly: a string, or an array of objects whose <c>type</c> is a string and whose <c>text</c>,
/// when present, is a string. Anything else is a <see cref="JsonException"/>, which the serializer tags with the path of
/// the content, so the caller learns which message is at fault.
/// </summary>
public sealed class MessageContentConverter : JsonConverter<MessageContent>
{
    public override MessageContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new MessageContent([new ContentPart(MessageContent.TextType, reader.GetString())]);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("'content' must be a string or an array of content parts.");
        }

        List<ContentPart> parts = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            parts.Add(ReadPart(ref reader, parts.Count));
        }

        return new MessageContent(parts);
    }

    public override void Write(Utf8JsonWriter writer, MessageContent value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var part in value.Parts)
        {
            writer.WriteStartObject();
            writer.WriteString("type", part.Type);
            if (part.Text is not null)
            {
                writer.WriteString("text", part.Text);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static ContentPart ReadPart(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Content part {index} must be an object.");
        }

        string? type = null;
        string? text = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "type":
                    type = StringOf(ref reader, index, name);
                    break;
                case "text":
                    text = StringOf(ref reader, index, name);
                    break;
                default:
                    // Other members (image_url, file …) belong to other part types; the type decides whether they are read.
                    reader.Skip();
                    break;
            }
        }

        if (type is null)
        {
            throw new JsonException($"Content part {index} has no 'type'.");
        }

        if (type == MessageContent.TextType && text is null)
        {
            throw new JsonException($"Content part {index} is of type 'text' but has no 'text'.");
        }

        return new ContentPart(type, text);
    }

    private static string StringOf(ref Utf8JsonReader reader, int index, string name) => reader.TokenType == JsonTokenType.String
        ? reader.GetString()!
        : throw new JsonException($"'{name}' of content part {index} must be a string, not {reader.TokenType}.");
}
