using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Hermes.Grains.Models;

/// <summary>
/// Calls models through Microsoft.Extensions.AI's OpenAI provider at any OpenAI-compatible base URL. Transient errors
/// are retried by the resilience pipeline of the <see cref="HttpClientName"/> client; the SDK's own retries are off so
/// that retries are decided in one place.
/// </summary>
public sealed class OpenAIModelClientFactory(IHttpClientFactory httpClients, IOptionsMonitor<ModelOptions> options) : IModelClientFactory
{
    /// <summary>The named <see cref="HttpClient"/> that carries model requests and their retry policy.</summary>
    public const string HttpClientName = "hermes-model";

    // The OpenAI SDK insists on a credential; endpoints without authentication ignore it.
    private const string NoApiKey = "no-api-key";

    public IChatClient CreateClient(string modelId)
    {
        var current = options.CurrentValue;
        var apiKey = current.ApiKey;
        var client = new OpenAIClient(
            new ApiKeyCredential(string.IsNullOrWhiteSpace(apiKey) ? NoApiKey : apiKey),
            new OpenAIClientOptions
            {
                Endpoint = current.BaseUrl,
                Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            });
        return client.GetChatClient(modelId).AsIChatClient();
    }
}
