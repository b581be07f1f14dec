using System.Collections.Immutable;

namespace Hermes.Grains.Models;

/// <summary>
/// The outermost handler of one model's HTTP client: names the provider and model on each request (which the shared
/// handler chain beneath reads to pick the provider's retry policy and credential pool) and adds the provider's headers.
/// </summary>
public sealed class ProviderRequestHandler(string provider, string model, ImmutableDictionary<string, string> headers) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(CredentialHandler.ProviderOption, provider);
        request.Options.Set(CredentialHandler.ModelOption, model);
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
