using System.Net.Http.Headers;

namespace Hermes.Tests.FrontEnds;

/// <summary>One row of the malformed-request table: what is sent, and the status and <c>param</c> it must get.</summary>
/// <param name="Name">What is wrong with it.</param>
/// <param name="Body">The body's bytes, as sent.</param>
/// <param name="Status">The expected HTTP status.</param>
/// <param name="Param">The expected <c>param</c> of the error, or null.</param>
/// <param name="ContentType">The Content-Type header, or null for none.</param>
/// <param name="Header">One more request header.</param>
/// <param name="Path">The path under <c>/v1</c>.</param>
/// <param name="Method">The HTTP method.</param>
public sealed record MalformedRequest(
    string Name,
    byte[] Body,
    int Status,
    string? Param,
    string? ContentType = "application/json",
    (string Name, string Value)? Header = null,
    string Path = "/chat/completions",
    string Method = "POST")
{
    public HttpRequestMessage ToHttpRequest(Uri baseUrl)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), $"{baseUrl}{Path}");
        if (Method == "POST")
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        if (Header is { } header)
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        return request;
    }
}
