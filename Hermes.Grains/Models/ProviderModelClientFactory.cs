using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Hermes.Grains.Models;

/// <summary>
/// Calls a model of a configured provider through its kind's Microsoft.Extensions.AI client: OpenAI's for any
/// OpenAI-compatible endpoint, the official Anthropic SDK's for the Messages API. Every request goes through the shared
/// <see cref="HttpClientName"/> handler chain (retries of transient errors honouring Retry-After, the per-attempt timeout,
/// the credential pool), picked per provider; the SDKs' own retries are off, so retries are decided in one place.
/// </summary>
public sealed class ProviderModelClientFactory(IHttpMessageHandlerFactory handlers, ModelCatalogMonitor catalog) : IModelClientFactory
{
    /// <summary>The named HTTP handler chain that carries model requests, their retry policy and the credential pools.</summary>
    public const string HttpClientName = "hermes-model";

    // The Anthropic SDK times each call, body included; a streamed answer may run long. Attempts are timed beneath it by
    // the resilience pipeline and a turn by its cancellation, so its own clock is set out of the way.
    private static readonly TimeSpan AnthropicCallTimeout = TimeSpan.FromDays(1);

    /// <summary>A model id at the provider of the configured chain's primary (or the shorthand's endpoint).</summary>
    public IChatClient CreateClient(string modelId)
    {
        var current = catalog.Current;
        return CreateClient(current.Chain.IsEmpty ? ModelOptions.ShorthandProvider : current.Chain[0].Provider, modelId);
    }

    public IChatClient CreateClient(string provider, string modelId)
    {
        var configured = catalog.Current.Providers.GetValueOrDefault(provider)
            ?? throw new InvalidOperationException($"No model provider named '{provider}' is configured (Hermes:Model:Providers).");
        var http = new HttpClient(new ProviderRequestHandler(configured.Name, modelId, configured.Headers) { InnerHandler = handlers.CreateHandler(HttpClientName) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return configured.Kind switch
        {
            ModelProviderKind.Anthropic => Anthropic(configured, modelId, http),
            _ => OpenAI(configured, modelId, http),
        };
    }

    private static IChatClient OpenAI(ModelProvider provider, string modelId, HttpClient http) => new OpenAIToolDefinitionCache(new OpenAIClient(
        new ApiKeyCredential(CredentialHandler.Placeholder),
        new OpenAIClientOptions
        {
            Endpoint = provider.BaseUrl,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        }).GetChatClient(modelId).AsIChatClient());

    private static IChatClient Anthropic(ModelProvider provider, string modelId, HttpClient http)
    {
        var client = new AnthropicClient(new ClientOptions
        {
            ApiKey = CredentialHandler.Placeholder,
            BaseUrl = provider.BaseUrl.ToString().TrimEnd('/'),
            HttpClient = http,
            MaxRetries = 0,
            Timeout = AnthropicCallTimeout,

            // Each model call has its GenAI span already (ModelPipeline.ForModel); the SDK's own would duplicate it, and
            // an environment variable could make it record message content.
            OpenTelemetry = false,
        });
        var chat = client.AsIChatClient(modelId, provider.MaxOutputTokens);
        return provider.PromptCaching ? new AnthropicPromptCachingChatClient(chat) : chat;
    }
}
