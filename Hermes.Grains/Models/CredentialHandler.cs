using System.Net.Http.Headers;
using Hermes.ServiceDefaults.Secrets;

namespace Hermes.Grains.Models;

/// <summary>
/// Puts a key of the request's provider on each model request, from the provider's <see cref="CredentialPool"/>: a key
/// answered 401/403 is parked (unless it is the last ready) and one answered 429 with a reset time rests until then, and
/// the same request goes at once with the next ready key, so a session sees no key error while a healthy key remains.
/// While every key rests, the request is not sent (<see cref="ModelRestingException"/>). Sits beneath the retries, so a retry takes a ready key too.
/// </summary>
/// <remarks>
/// The SDKs are given a placeholder credential and choose the header that carries it; this handler only replaces its
/// value, so each SDK keeps its own protocol. Keys never reach a log or an exception: reasons quote the provider's answer
/// with every configured secret masked.
/// </remarks>
public sealed class CredentialHandler(CredentialPools pools, SecretRedactor redactor, TimeProvider time) : DelegatingHandler
{
    /// <summary>The credential the SDKs are built with; replaced on the wire by a key of the pool.</summary>
    public const string Placeholder = "hermes-credential-pool";

    /// <summary>The request option naming the provider a request is for (set by <see cref="ProviderRequestHandler"/>).</summary>
    public static readonly HttpRequestOptionsKey<string> ProviderOption = new("hermes.model.provider");

    /// <summary>The request option naming the model a request is for, for which a key may rest.</summary>
    public static readonly HttpRequestOptionsKey<string> ModelOption = new("hermes.model.id");

    private const string ApiKeyHeader = "x-api-key";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(ProviderOption, out var provider))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var pool = pools.For(provider);
        var model = request.Options.TryGetValue(ModelOption, out var id) ? id : string.Empty;
        while (true)
        {
            if (!pool.TryTake(model, out var slot, out var key))
            {
                throw new ModelRestingException(provider, model, pool.ReadyAgainAt(model));
            }

            Authorize(request, key);
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is 401 or 403)
            {
                if (!pool.TryPark(slot, model, await ReasonAsync(response, cancellationToken)))
                {
                    // The last key: its own answer tells the session why.
                    return response;
                }
            }
            else if (status == 429 && RateLimitReset.Of(response, time.GetUtcNow()) is { } until)
            {
                pool.Rest(slot, model, until);
            }
            else
            {
                return response;
            }

            response.Dispose();
        }
    }

    private static void Authorize(HttpRequestMessage request, string? key)
    {
        if (request.Headers.Authorization is { } authorization)
        {
            request.Headers.Authorization = key is null ? null : new AuthenticationHeaderValue(authorization.Scheme, key);
        }

        if (request.Headers.Remove(ApiKeyHeader) && key is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, key);
        }
    }

    // The body is buffered, so that the SDK can still read it when this answer goes back to the session.
    private async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var (_, message) = ModelErrorClassifier.ReadErrorBody(await response.Content.ReadAsStringAsync(cancellationToken));
        return redactor.Redact($"HTTP {(int)response.StatusCode}{(message is null ? string.Empty : $": {message}")}")!;
    }
}
