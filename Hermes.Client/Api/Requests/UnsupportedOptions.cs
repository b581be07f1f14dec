using System.Text.Json;
using Hermes.Client.Api.Errors;

namespace Hermes.Client.Api.Requests;

/// <summary>Refuses request options whose meaning Hermes cannot deliver, with a 400 that names the field: never a silent success.</summary>
public static class UnsupportedOptions
{
    public const string Code = "unsupported_parameter";

    /// <summary>True for a value that asks for something: not null, not an empty array or object.</summary>
    public static bool Given(JsonElement? value) => value is { } element && element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.Array => element.GetArrayLength() > 0,
        JsonValueKind.Object => element.EnumerateObject().Any(),
        _ => true,
    };

    /// <summary>True for a tool choice other than <c>auto</c> or <c>none</c>: there are no client-side tools to choose.</summary>
    public static bool ChoosesATool(JsonElement? choice) =>
        Given(choice) && !(choice!.Value.ValueKind == JsonValueKind.String && choice.Value.GetString() is "auto" or "none");

    public static void Refuse(bool refused, string param, string message)
    {
        if (refused)
        {
            throw Refusal(param, message);
        }
    }

    public static RequestRefusedException Refusal(string param, string message) =>
        JsonRequestBody.Refused(ApiErrorResponses.BadRequest(message, param, Code));
}
